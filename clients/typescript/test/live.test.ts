import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChatMessage, JobEvent, Notification, PresenceChange } from "../src/index.js";
import { eventually, keyed, newUser } from "./platform.js";

describe("live connection", () => {
  for (const protocol of ["messagepack", "json"] as const) {
    it(`delivers every stored event of a watched job once and in order, with live ticks, over ${protocol}`, async () => {
      const client = keyed();
      const job = await client.submitJob({ type: "training", input: { epochs: 8, learningRate: 0.05 } });
      const events: JobEvent[] = [];
      await using watcher = client.live({ protocol });
      watcher.on("jobEvent", (event) => void events.push(event));
      await watcher.start();
      await watcher.subscribeJob(job.id!);

      const ended = await client.waitForCompletion(job.id!, { timeoutMs: 60_000 });
      await eventually("the last stored event", () => events.some((e) => !e.transient && e.kind === "succeeded"));
      await watcher.stop();

      assert.equal(ended.status, "succeeded");
      const stored = events.filter((e) => !e.transient);
      assert.deepEqual(stored.map((e) => e.version), [...(await client.getEvents(job.id!))].map((e) => e.version));
      assert.deepEqual(stored.map((e) => e.version), stored.map((_, i) => i + 1));
      const progressed = stored.find((e) => e.kind === "progressed");
      assert.ok(progressed?.metrics && "loss" in progressed.metrics, "metric names are the job's own");
      assert.equal(typeof stored[0]!.at, "string");
      assert.equal(stored.at(-1)!.status, "succeeded");
    });
  }

  it("hears all of the caller's jobs and the notification that one finished", async () => {
    const user = await newUser();
    const events: JobEvent[] = [];
    const notifications: Notification[] = [];
    await using live = user.client.live();
    live.on("jobEvent", (event) => void events.push(event)).on("notification", (n) => void notifications.push(n));
    await live.start();
    await live.subscribeMyJobs();

    const job = await user.keyed.submitJob({ type: "generation", input: { prompt: "an owl", width: 16, height: 16, steps: 2 } });

    await eventually("the job's end", () => events.some((e) => e.jobId === job.id && e.kind === "succeeded"));
    await eventually("its notification", () => notifications.some((n) => n.jobId === job.id && n.kind === "jobSucceeded"));
  });

  it("watches a stored room: history after a sequence number, then messages posted live, each once", async () => {
    const owner = await newUser();
    const guest = await newUser();
    const room = await owner.client.createRoom({ name: `ts-${Date.now()}`, visibility: "private" });
    await owner.client.addRoomMember(room.id!, guest.userId);
    await owner.client.postRoomMessage(room.id!, "before anyone watched");
    const seen: ChatMessage[] = [];
    await using live = guest.client.live();
    live.on("chatMessage", (message) => void seen.push(message));
    await live.start();

    await live.watchRoom(room.id!, 0);
    await owner.client.postRoomMessage(room.id!, "over REST");
    const posted = await live.postToRoom(room.id!, "over the hub");

    await eventually("three messages", () => seen.length >= 3);
    assert.deepEqual(seen.map((m) => m.text), ["before anyone watched", "over REST", "over the hub"]);
    assert.deepEqual(seen.map((m) => m.seq), [1, 2, 3]);
    assert.equal(posted.seq, 3);
    assert.equal(live.lastSeqOf(room.id!), 3);
  });

  it("tells who came online, and who is online now", async () => {
    const watcher = await newUser();
    const other = await newUser();
    const changes: PresenceChange[] = [];
    await using live = watcher.client.live();
    live.on("presence", (change) => void changes.push(change));
    await live.start();

    await using second = other.client.live();
    await second.start();

    await eventually("the other user online", () => changes.some((c) => c.userId === other.userId && c.online));
    assert.ok((await live.getOnlineUsers()).some((u) => u.userId === other.userId));
  });

  it("shows an admin the cluster's overview, then again every few seconds", async () => {
    const overviews: unknown[] = [];
    await using live = keyed().live();
    live.on("overview", (overview) => void overviews.push(overview));
    await live.start();

    const now = await live.watchOverview();

    assert.ok((now.hosts?.length ?? 0) >= 1, JSON.stringify(now));
    assert.equal(typeof now.at, "string");
    await eventually("a pushed overview", () => overviews.length > 0);
  });
});
