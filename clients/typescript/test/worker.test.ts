import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runWorker, type JobEvent } from "../src/index.js";
import { eventually, keyed, remoteType } from "./platform.js";

describe("remote worker", () => {
  it("runs a job end to end: progress watchers see, an artifact, the handler's output", async () => {
    const client = keyed();
    const stop = new AbortController();
    const worker = runWorker(client, { name: "ts-worker", types: [remoteType], waitSeconds: 1, signal: stop.signal, handleSignals: false }, async (input: { text: string }, job) => {
      await job.log(`shouting ${input.text.length} characters`);
      await job.progress(50, "halfway", { characters: input.text.length });
      await job.uploadArtifact("shout.txt", input.text.toUpperCase(), "text/plain");
      return { shout: input.text.toUpperCase() };
    });
    try {
      const job = await client.submitJob({ type: remoteType, input: { text: "hello" } });
      const events: JobEvent[] = [];
      await using live = client.live();
      live.on("jobEvent", (event) => void events.push(event));
      await live.start();
      await live.subscribeJob(job.id!);

      const ended = await client.waitForCompletion(job.id!, { timeoutMs: 30_000 });

      assert.equal(ended.status, "succeeded");
      assert.deepEqual(ended.output, { shout: "HELLO" });
      assert.equal(new TextDecoder().decode(await client.downloadArtifact(job.id!, "shout.txt")), "HELLO");
      await eventually("the progress", () => events.some((e) => e.kind === "progressed" && e.progress === 50 && e.metrics?.characters === 5));
    } finally {
      stop.abort();
      await worker;
    }
  });

  it("stops a job whose cancel it hears, and hands back the one it holds when it shuts down", async () => {
    const client = keyed();
    const stop = new AbortController();
    const started = new Set<string>();
    const outcomes: string[] = [];
    const worker = runWorker(
      client,
      { name: "ts-worker-stop", types: [remoteType], waitSeconds: 1, signal: stop.signal, handleSignals: false, onJob: (job, outcome, detail) => outcomes.push(`${job.id} ${outcome} ${detail ?? ""}`) },
      async (_input, job) => {
        started.add(job.id);
        // Works until told to stop: the signal aborts as soon as the platform says so.
        await new Promise((_, reject) => job.signal.addEventListener("abort", () => reject(job.signal.reason), { once: true }));
      },
    );
    try {
      const cancelled = await client.submitJob({ type: remoteType, input: { text: "never" } });
      await eventually("the job running", () => started.has(cancelled.id!));
      await client.cancelJob(cancelled.id!);
      assert.equal((await client.waitForCompletion(cancelled.id!, { timeoutMs: 20_000 })).status, "cancelled");
      await eventually("the cancelled job handed back", () => outcomes.some((o) => o.startsWith(`${cancelled.id} handed back cancelled`)));

      const held = await client.submitJob({ type: remoteType, input: { text: "later" } });
      await eventually("the second job running", () => started.has(held.id!));
      stop.abort();
      await worker;

      assert.ok(outcomes.some((o) => o.startsWith(`${held.id} handed back shutdown`)), outcomes.join("\n"));
      assert.equal((await client.getJob(held.id!)).status, "queued", "handed back, it waits for another worker");
      await client.cancelJob(held.id!);
    } finally {
      stop.abort();
      await worker;
    }
  });
});
