import type { JobEvent } from "./types.js";

// The hub's MessagePack messages as the JSON protocol would carry them, so handlers see one shape whichever is used.
// .NET writes records as maps of PascalCase names, enums by their PascalCase names, a DateTimeOffset as
// [timestamp, offset in minutes], JSON values (a job's output) as their JSON text, and a live tick as a plain array.

const enumFields = new Set(["kind", "status", "level", "role", "state"]);
const jsonTextFields = new Set(["output", "input"]);
// Maps whose keys are names of the user's own (a job's metrics), never renamed.
const keptKeys = new Set(["metrics"]);

const camel = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

export function fromMessagePack(value: unknown, field?: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    if (value.length === 2 && value[0] instanceof Date && typeof value[1] === "number") return value[0].toISOString();
    return value.map((item) => fromMessagePack(item));
  }
  if (typeof value === "string") {
    if (field && enumFields.has(field)) return camel(value);
    if (field && jsonTextFields.has(field)) return JSON.parse(value);
    return value;
  }
  if (typeof value !== "object" || value instanceof Uint8Array) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const name = field && keptKeys.has(field) ? key : camel(key);
    const converted = field && keptKeys.has(field) ? item : fromMessagePack(item, name);
    if (converted !== undefined) result[name] = converted;
  }
  return result;
}

/** A live progress tick as the hub sends it: an object over JSON, `[jobId, version, progress, metrics, message]` over MessagePack. */
export interface JobTick {
  jobId: string;
  version: number;
  progress: number;
  metrics?: Record<string, number>;
  message?: string;
}

export function tickOf(value: unknown): JobTick {
  if (!Array.isArray(value)) return value as JobTick;
  const [jobId, version, progress, metrics, message] = value as [string, number, number, Record<string, number> | null, string | null];
  return { jobId, version, progress, metrics: metrics ?? undefined, message: message ?? undefined };
}

/** What handlers get for a live tick: the transient progress event it always was, with the job's last stored status. */
export function tickAsEvent(tick: JobTick, status: JobEvent["status"] | undefined): JobEvent {
  return {
    jobId: tick.jobId,
    version: tick.version,
    kind: "progressed",
    status: status ?? "running",
    at: new Date().toISOString(),
    transient: true,
    progress: tick.progress,
    message: tick.message,
    metrics: tick.metrics,
  };
}
