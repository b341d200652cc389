import type { components } from "./generated/openapi.js";

/** The wire shapes of the API, generated from its OpenAPI document (`src/generated/openapi.ts`). */
export type Schemas = components["schemas"];

export type Job = Schemas["Job"];
export type JobStatus = Schemas["JobStatus"];
export type JobEvent = Schemas["JobEvent"];
export type JobEventKind = Schemas["JobEventKind"];
export type JobPage = Schemas["JobPage"];
export type SubmitJobRequest = Schemas["SubmitJobRequest"];
export type ChatMessage = Schemas["ChatMessage"];
export type Room = Schemas["Room"];
export type Notification = Schemas["Notification"];
export type UserFile = Schemas["UserFile"];
export type DownloadLink = Schemas["DownloadLink"];
export type ClaimedJob = Schemas["ClaimedJob"];
export type WorkerAnswer = Schemas["WorkerAnswer"];
export type CreditBalance = Schemas["CreditBalance"];
export type TokenResponse = Schemas["TokenResponse"];
export type ApiKeyCreated = Schemas["ApiKeyCreated"];
export type ClusterOverview = Schemas["ClusterOverview"];

/** Hub messages that have no REST schema of their own. */
export interface OnlineUser {
  userId: string;
  displayName: string;
}

export interface PresenceChange {
  userId: string;
  displayName: string;
  online: boolean;
  at: string;
}

export interface RoomTyping {
  roomId: string;
  userId: string;
  displayName: string;
  at: string;
}

/** Why a room is watched no more: `removed`, `deleted`; treat any other reason as the end of the watch too. */
export interface RoomLeft {
  roomId: string;
  reason: string;
}

const finished: readonly JobStatus[] = ["succeeded", "failed", "cancelled"];

/** Succeeded, failed for good, or cancelled: the job will not change again (until retried). */
export function isFinished(status: JobStatus | undefined): boolean {
  return status !== undefined && finished.includes(status);
}
