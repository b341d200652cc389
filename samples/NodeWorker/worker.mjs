// A Platform worker in Node: it runs jobs of a declared remote type, `wordcount`, outside the hosts. For each job it
// counts the words of the input's text (or of an uploaded text file the input names), reporting progress as it
// goes, uploads the counts as a CSV artifact and ends the job with the most frequent words. A job cancelled while it
// runs stops at its next report and is handed back; on SIGTERM or Ctrl-C the worker hands back what it holds.
//
//   PLATFORM_URL=http://localhost:5080 PLATFORM_API_KEY=pk_... node worker.mjs
import { Credentials, PlatformClient, runWorker } from "@platform/client";

const platform = new PlatformClient({
  baseUrl: process.env.PLATFORM_URL ?? "http://localhost:5080",
  credentials: Credentials.apiKey(process.env.PLATFORM_API_KEY ?? fail("Set PLATFORM_API_KEY.")),
});
const name = process.env.WORKER_NAME ?? `node-${process.pid}`;
const types = (process.env.WORKER_TYPES ?? "wordcount").split(",");
const linesPerReport = 200;

console.log(`${name} working on ${types.join(", ")} at ${platform.http.baseUrl}`);
await runWorker(
  platform,
  { name, types, onJob: (job, outcome, detail) => console.log(`${job.id}: ${outcome}${detail ? ` (${detail})` : ""}`) },
  async (input, job) => {
    const text = input.document ? new TextDecoder().decode(await job.readFile(input.document)) : String(input.text ?? "");
    const lines = text.split("\n");
    const counts = new Map();
    for (let done = 0; done < lines.length; done += linesPerReport) {
      for (const line of lines.slice(done, done + linesPerReport))
        for (const word of line.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
      const read = Math.min(lines.length, done + linesPerReport);
      // Throws once the job was asked to stop; the worker then hands it back.
      await job.progress((100 * read) / lines.length, `line ${read}/${lines.length}`, { words: [...counts.values()].reduce((a, b) => a + b, 0) });
      if (input.delayMs) await new Promise((resolve) => setTimeout(resolve, input.delayMs));
    }
    const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    await job.uploadArtifact("counts.csv", ["word,count", ...ranked.map(([word, count]) => `${word},${count}`)].join("\n") + "\n", "text/csv");
    return { words: ranked.reduce((sum, [, count]) => sum + count, 0), distinct: ranked.length, top: ranked.slice(0, 5).map(([word]) => word) };
  },
);
console.log(`${name} stopped.`);

function fail(message) {
  console.error(message);
  process.exit(2);
}
