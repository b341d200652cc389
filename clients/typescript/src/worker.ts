import type { PlatformClient } from "./client.js";
import { PlatformError } from "./errors.js";
import { sleep } from "./rest.js";
import type { ClaimedJob, Schemas, WorkerAnswer } from "./types.js";

const leaseHeader = "X-Job-Lease";
/** The platform keeps at most this many characters of a failure (Jobs:Reports:MaxErrorLength) and refuses more. */
const maxErrorLength = 4000;

/** Thrown by a job's reports once the platform answered that the job must stop (cancelled), or the worker is shutting down. */
export class JobStopped extends Error {
  constructor(readonly reason: "cancelled" | "shutdown") {
    super(reason === "cancelled" ? "The job was asked to stop." : "The worker is shutting down.");
    this.name = "JobStopped";
  }
}

/** What a handler gets beside the input: the claimed job, its reports, and a signal that says stop. */
export class WorkerJob {
  readonly id: string;
  readonly type: string;
  readonly attempt: number;
  /** The job's input, as submitted. */
  readonly input: unknown;
  private readonly stopping = new AbortController();

  constructor(
    private readonly client: PlatformClient,
    private readonly claimed: ClaimedJob,
  ) {
    this.id = claimed.jobId!;
    this.type = claimed.type!;
    this.attempt = claimed.attempt ?? 1;
    this.input = claimed.input;
  }

  /** Aborted when the job was asked to stop or the worker is shutting down; its reason is a {@link JobStopped}. */
  get signal(): AbortSignal {
    return this.stopping.signal;
  }

  /** Reports how far the job got, with metrics; watchers see it at once. Throws {@link JobStopped} when the job must stop. */
  async progress(percent: number, message?: string, metrics?: Record<string, number>): Promise<void> {
    await this.report("post", "progress", { percent, message, metrics });
  }

  async log(message: string, level: Schemas["JobLogLevel"] = "info"): Promise<void> {
    await this.report("post", "log", { message, level });
  }

  /** Uploads a file the job produced; it goes with the job's output when the job succeeds. */
  async uploadArtifact(name: string, content: Uint8Array | string, contentType = "application/octet-stream"): Promise<void> {
    this.signal.throwIfAborted();
    const response = await this.client.http.send("put", this.path(`artifacts/${encodeURIComponent(name)}`), {
      body: content as BodyInit,
      headers: { "Content-Type": contentType, [leaseHeader]: this.claimed.lease! },
    });
    this.heard(((await response.json()) as Schemas["JobArtifactUploaded"]).job);
  }

  /** The bytes of an uploaded file the input names (`{"file": "<id>"}`, or its id); only the job's own files are served. */
  async readFile(field: { file: string } | string): Promise<Uint8Array> {
    const fileId = typeof field === "string" ? field : field.file;
    const response = await this.client.http.send("get", this.path(`files/${encodeURIComponent(fileId)}`), { headers: { [leaseHeader]: this.claimed.lease! } });
    return new Uint8Array(await response.arrayBuffer());
  }

  /** Renews the lease and learns whether to stop; with `waitSeconds`, answers as soon as the job is asked to stop. */
  async renew(waitSeconds = 0, signal?: AbortSignal): Promise<WorkerAnswer> {
    const answer = await this.call<WorkerAnswer>("post", `heartbeat${waitSeconds > 0 ? `?waitSeconds=${waitSeconds}` : ""}`, undefined, signal);
    this.heard(answer);
    return answer;
  }

  /** When the lease runs out unless renewed. */
  get leaseExpiresAt(): Date {
    return new Date(this.claimed.leaseExpiresAt!);
  }

  succeed(output: unknown): Promise<WorkerAnswer> {
    return this.call("post", "succeed", { output: output ?? null });
  }

  fail(error: string): Promise<WorkerAnswer> {
    return this.call("post", "fail", { error: error.slice(0, maxErrorLength) });
  }

  /** Gives the job back: queued again for another worker, or cancelled if that was asked. */
  release(): Promise<WorkerAnswer> {
    return this.call("post", "release");
  }

  /** Stops the handler: its next report throws, and its signal is aborted. */
  stop(reason: "cancelled" | "shutdown"): void {
    if (!this.signal.aborted) this.stopping.abort(new JobStopped(reason));
  }

  private async report(method: string, what: string, body: unknown): Promise<void> {
    this.signal.throwIfAborted();
    this.heard(await this.call<WorkerAnswer>(method, what, body));
    this.signal.throwIfAborted();
  }

  private heard(answer: WorkerAnswer | undefined): void {
    if (answer?.cancelRequested) this.stop("cancelled");
    if (answer?.leaseExpiresAt) this.claimed.leaseExpiresAt = answer.leaseExpiresAt;
  }

  private call<T>(method: string, what: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const [path, query] = what.split("?");
    return this.client.http.json<T>(method, this.path(path!), {
      query: query ? Object.fromEntries(new URLSearchParams(query)) : undefined,
      body,
      headers: { [leaseHeader]: this.claimed.lease! },
      signal,
    });
  }

  private path(what: string): string {
    return `api/v1/worker/jobs/${encodeURIComponent(this.id)}/${what}`;
  }
}

/** Turns a claimed job's input into its output; throw to fail the attempt (the job's retry rules decide what follows). */
export type JobHandler = (input: any, job: WorkerJob) => Promise<unknown> | unknown;

export interface WorkerOptions {
  /** Shown in job histories: 1 to 64 characters. */
  name: string;
  /** The remote job types it runs. */
  types: string[];
  /** How many jobs it runs at once (1 unless given). */
  concurrency?: number;
  /** How long a claim waits for a job when none is ready (10 s unless given, at most 60). */
  waitSeconds?: number;
  /** Stops the worker: it claims no more, its jobs are told to stop and handed back. */
  signal?: AbortSignal;
  /** Stop on SIGTERM and SIGINT (true unless given). */
  handleSignals?: boolean;
  /** Hears what happened to each job, for logs. */
  onJob?: (job: WorkerJob, outcome: "succeeded" | "failed" | "handed back" | "lost", detail?: string) => void;
}

/**
 * Runs jobs of remote types until stopped: claims them (a long poll), renews each one's lease while its handler runs,
 * ends it with the handler's output or error, and hands it back when the platform says stop (a cancel) or the worker
 * shuts down (SIGTERM, SIGINT or `signal`). So a worker is `async (input, job) => output`.
 */
export async function runWorker(client: PlatformClient, options: WorkerOptions, handler: JobHandler): Promise<void> {
  const shutdown = new AbortController();
  const stop = () => shutdown.abort();
  options.signal?.addEventListener("abort", stop, { once: true });
  if (options.handleSignals ?? true) {
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  }
  const running = new Set<Promise<void>>();
  const held = new Set<WorkerJob>();
  shutdown.signal.addEventListener("abort", () => held.forEach((job) => job.stop("shutdown")), { once: true });
  const most = options.concurrency ?? 1;
  try {
    while (!shutdown.signal.aborted) {
      if (held.size >= most) {
        await Promise.race(running);
        continue;
      }
      let claimed: ClaimedJob[];
      try {
        // Not aborted on shutdown: a claim cut short could have taken a job that nobody would then hand back.
        claimed = await client.http.json<ClaimedJob[]>("post", "api/v1/worker/claim", {
          body: { worker: options.name, types: options.types, max: most - held.size, waitSeconds: options.waitSeconds ?? 10 },
        });
      } catch (error) {
        if (error instanceof PlatformError && error.status < 500 && error.status !== 429) throw error;
        await sleep(1000);
        continue;
      }
      for (const one of claimed) {
        const job = new WorkerJob(client, one);
        if (shutdown.signal.aborted) job.stop("shutdown");
        held.add(job);
        const run = runOne(job, handler, options).finally(() => {
          held.delete(job);
          running.delete(run);
        });
        running.add(run);
      }
    }
    await Promise.all(running);
  } finally {
    process.off("SIGTERM", stop);
    process.off("SIGINT", stop);
    options.signal?.removeEventListener("abort", stop);
  }
}

async function runOne(job: WorkerJob, handler: JobHandler, options: WorkerOptions): Promise<void> {
  const ended = new AbortController();
  const renewing = keepLease(job, ended.signal);
  try {
    // Claimed as the worker began to shut down: handed back untouched.
    job.signal.throwIfAborted();
    const output = await handler(job.input, job);
    job.signal.throwIfAborted();
    await job.succeed(output);
    options.onJob?.(job, "succeeded");
  } catch (error) {
    await end(job, error, options);
  } finally {
    ended.abort();
    await renewing;
  }
}

async function end(job: WorkerJob, error: unknown, options: WorkerOptions): Promise<void> {
  try {
    if (job.signal.aborted) {
      await job.release();
      options.onJob?.(job, "handed back", (job.signal.reason as JobStopped).reason);
    } else if (error instanceof PlatformError && error.status === 409) {
      // The lease is gone (it ran out, or the job ended meanwhile): there is nothing left to report.
      options.onJob?.(job, "lost", error.message);
    } else {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      await job.fail(message);
      options.onJob?.(job, "failed", message);
    }
  } catch (failure) {
    options.onJob?.(job, "lost", failure instanceof Error ? failure.message : String(failure));
  }
}

// Renews the lease while the handler runs, with heartbeats that wait, so a cancel is heard at once rather than at
// the next report. Where the platform holds as many waiting calls of the user as it allows, it renews without waiting.
async function keepLease(job: WorkerJob, ended: AbortSignal): Promise<void> {
  while (!ended.aborted && !job.signal.aborted) {
    try {
      await job.renew(10, ended);
    } catch (error) {
      if (ended.aborted || job.signal.aborted) return;
      if (error instanceof PlatformError && error.status === 409) return job.stop("cancelled");
      try {
        await sleep(Math.max(100, (job.leaseExpiresAt.getTime() - Date.now()) / 3), ended);
        await job.renew(0, ended);
      } catch {
        // Tried again on the next turn, well before the lease runs out.
      }
    }
  }
}
