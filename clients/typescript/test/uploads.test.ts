import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PlatformClient } from "../src/index.js";
import { baseUrl, keyed } from "./platform.js";

describe("uploads and links", () => {
  it("uploads a file in resumable parts, hearing its progress, and reads it back", async () => {
    const client = keyed();
    const content = new TextEncoder().encode("x,y\n".padEnd(3000, "0123456789\n"));
    const progress: number[] = [];

    const file = await client.uploadFile(content, "numbers.csv", { contentType: "text/csv", chunkBytes: 1024, onProgress: (stored) => progress.push(stored) });

    assert.equal(file.name, "numbers.csv");
    assert.equal(file.size, content.length);
    assert.ok(progress.length >= 3 && progress.at(-1) === content.length, `progress ${progress}`);
    const downloaded = await client.http.send("get", `api/v1/files/${file.id}/content`);
    assert.deepEqual(new Uint8Array(await downloaded.arrayBuffer()), content);
  });

  it("links a job's artifact for anyone to download, once", async () => {
    const client = keyed();
    const job = await client.submitJob({ type: "generation", input: { prompt: "a heron", width: 16, height: 16, steps: 1 } });
    const ended = await client.waitForCompletion(job.id!, { timeoutMs: 60_000 });
    const artifact = ended.artifacts![0]!;

    const link = await client.createArtifactLink(job.id!, artifact.name!, { once: true });
    const opened = await new PlatformClient({ baseUrl }).openLink(link);

    assert.deepEqual(new Uint8Array(await opened.arrayBuffer()), await client.downloadArtifact(job.id!, artifact.name!));
    await assert.rejects(new PlatformClient({ baseUrl }).openLink(link), (e: { status: number }) => e.status === 410 || e.status === 404);
  });
});
