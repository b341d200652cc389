// Watches a slow job through the first of two hosts; the test that runs this kills that host mid-job once it reads
// "watching". The connection must carry on through the second host and deliver every stored event once and in order.
//
//   PLATFORM_URLS=<first>,<second> PLATFORM_API_KEY=pk_... PLATFORM_SLOW_TYPE=ticker node dist/test/scenarios/reconnect.js
import { Credentials, PlatformClient, type JobEvent } from "../../src/index.js";

const [first, second] = process.env.PLATFORM_URLS!.split(",");
const began = Date.now();
const at = () => `[${((Date.now() - began) / 1000).toFixed(1)} s]`;
const client = new PlatformClient({ baseUrl: [first!, second!], credentials: Credentials.apiKey(process.env.PLATFORM_API_KEY!) });
const job = await client.submitJob({ type: process.env.PLATFORM_SLOW_TYPE!, input: JSON.parse(process.env.PLATFORM_SLOW_INPUT ?? `{"ticks":40,"intervalMs":100}`) });
const stored: JobEvent[] = [];
const reconnectedTo: string[] = [];
const live = client.live();
let told = false;
live.on("jobEvent", (event) => {
  if (event.transient) return;
  stored.push(event);
  // Killed only once something stored was delivered, so the resume has a version to start after.
  if (!told && event.kind === "progressed") {
    told = true;
    console.log(`${at()} watching ${job.id} through ${live.baseUrl}`);
  }
});
live.on("reconnecting", () => console.log(`${at()} reconnecting`));
live.on("reconnected", ({ baseUrl }) => {
  console.log(`${at()} reconnected to ${baseUrl}`);
  reconnectedTo.push(baseUrl);
});
await live.start();
await live.subscribeJob(job.id!);

const ended = await client.waitForCompletion(job.id!, { timeoutMs: 90_000 });
const history = await client.getEvents(job.id!);
const deadline = Date.now() + 10_000;
while (stored.length < history.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
await live.stop();

const delivered = stored.map((e) => e.version);
const expected = history.map((e) => e.version);
console.log(`${at()} ended ${ended.status}; reconnected to ${reconnectedTo.join(", ") || "nothing"}; delivered ${delivered.join(",")}; stored ${expected.join(",")}`);
const once = JSON.stringify(delivered) === JSON.stringify(expected);
const moved = reconnectedTo.length > 0 && reconnectedTo.every((url) => url.startsWith(second!.replace(/\/$/, "")));
if (ended.status !== "succeeded" || !once || !moved) {
  console.log(!once ? "FAILED: the stored events were not delivered once each, in order" : !moved ? "FAILED: no reconnect to the second host" : "FAILED: the job did not succeed");
  process.exit(1);
}
console.log("every stored event once and in order, across the host's death");
