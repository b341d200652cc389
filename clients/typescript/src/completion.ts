import type { PlatformClient } from "./client.js";
import { isFinished, type Job } from "./types.js";

const longPollMs = 30_000;
const checkWhileLiveMs = 15_000;

/**
 * Waits for a job to end: over the hub when it can connect, checking the job over HTTP now and then in case the hub
 * falls silent; by long-polling `GET /jobs/{id}?waitForChange` when it cannot connect at all.
 */
export async function waitForCompletion(client: PlatformClient, jobId: string, options: { timeoutMs?: number; signal?: AbortSignal }): Promise<Job> {
  const signals = [options.signal, options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs)].filter((s) => s !== undefined);
  const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
  try {
    return await wait(client, jobId, signal);
  } catch (error) {
    if (signal?.aborted && !options.signal?.aborted) throw new Error(`Job ${jobId} did not end within ${options.timeoutMs} ms.`);
    throw error;
  }
}

async function wait(client: PlatformClient, jobId: string, signal: AbortSignal | undefined): Promise<Job> {
  let job = await client.getJob(jobId);
  if (isFinished(job.status)) return job;

  const live = client.live();
  let ended: () => void = () => undefined;
  const endedLive = new Promise<void>((resolve) => (ended = resolve));
  live.on("jobEvent", (event) => {
    if (event.jobId === jobId && !event.transient && isFinished(event.status)) ended();
  });
  try {
    await live.start();
    await live.subscribeJob(jobId, job.version ?? 0);
  } catch {
    // No WebSockets through this proxy, a hub that refuses: HTTP still answers.
    await live.stop();
    while (!isFinished(job.status)) job = await client.waitForChange(jobId, job.version ?? 0, longPollMs, signal);
    return job;
  }
  try {
    for (;;) {
      const check = new AbortController();
      await Promise.race([endedLive, delay(checkWhileLiveMs, signal ? AbortSignal.any([signal, check.signal]) : check.signal)]);
      check.abort();
      signal?.throwIfAborted();
      job = await client.getJob(jobId);
      if (isFinished(job.status)) return job;
    }
  } finally {
    await live.stop();
  }
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
