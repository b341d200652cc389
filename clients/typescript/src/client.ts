import type { ReadStream } from "node:fs";
import type { Credentials } from "./credentials.js";
import { Http, fillPath, type ApiPath, type CallOptions, type HttpOptions, type MethodOf, type Operation, type ResponseOf } from "./rest.js";
import type { RetryPolicy } from "./retry.js";
import { PlatformError } from "./errors.js";
import type { ChatMessage, DownloadLink, Job, JobEvent, JobPage, JobStatus, Room, Schemas, SubmitJobRequest, UserFile } from "./types.js";
import { LiveConnection, type LiveOptions } from "./live.js";
import { waitForCompletion } from "./completion.js";
import { uploadFile, type UploadOptions } from "./uploads.js";

export interface PlatformClientOptions extends HttpOptions {
  /** How the live connection encodes hub messages: MessagePack (smaller, the default) or JSON. */
  protocol?: LiveOptions["protocol"];
}

/**
 * Typed access to the Platform REST API. {@link call} reaches every operation of the OpenAPI document with its
 * typed request and answer; the named methods cover the common ones. {@link live} opens the hub connection.
 */
export class PlatformClient {
  readonly http: Http;
  private readonly options: PlatformClientOptions;

  constructor(options: PlatformClientOptions) {
    this.options = options;
    this.http = new Http(options);
  }

  /** The same hosts with other credentials. */
  withCredentials(credentials: Credentials): PlatformClient {
    return new PlatformClient({ ...this.options, baseUrl: this.http.baseUrls, credentials });
  }

  /** The same hosts and credentials, acting for an organization the caller belongs to, with the scopes their role there gives. */
  forOrganization(organizationId: string): PlatformClient {
    return new PlatformClient({ ...this.options, baseUrl: this.http.baseUrls, actingFor: organizationId });
  }

  withRetries(retries: RetryPolicy): PlatformClient {
    return new PlatformClient({ ...this.options, baseUrl: this.http.baseUrls, retries });
  }

  /**
   * Any operation of the API, typed by its path and method:
   * `call("get", "/api/v1/jobs/{id}/logs", { path: { id }, query: { level: "warning" } })`.
   */
  call<P extends ApiPath, M extends MethodOf<P>>(method: M, path: P, ...options: OptionalIfEmpty<CallOptions<Operation<P, M>>>): Promise<ResponseOf<P, M>> {
    const given = (options[0] ?? {}) as { path?: Record<string, unknown>; query?: Record<string, never>; body?: unknown; idempotencyKey?: string; signal?: AbortSignal };
    return this.http.json(method, fillPath(path, given.path), given);
  }

  // Accounts

  register(request: Schemas["RegisterRequest"]) {
    return this.call("post", "/api/v1/auth/register", { body: request });
  }

  login(request: Schemas["LoginRequest"]) {
    return this.call("post", "/api/v1/auth/login", { body: request });
  }

  refresh(refreshToken: string) {
    return this.call("post", "/api/v1/auth/refresh", { body: { refreshToken } });
  }

  logout(refreshToken: string) {
    return this.call("post", "/api/v1/auth/logout", { body: { refreshToken } });
  }

  getProfile() {
    return this.call("get", "/api/v1/users/me");
  }

  /** A new API key; its secret is in this answer only. */
  createApiKey(request: Schemas["CreateApiKeyRequest"]) {
    return this.call("post", "/api/v1/users/me/api-keys", { body: request });
  }

  // Jobs

  /** Submits a job; with an idempotency key, sending it again (say, after a timeout) answers the job the first made. */
  submitJob(request: SubmitJobRequest, idempotencyKey?: string): Promise<Job> {
    return this.call("post", "/api/v1/jobs", { body: request, idempotencyKey });
  }

  /** Many jobs, accepted all together or not at all. */
  submitBatch(request: Schemas["SubmitBatchRequest"], idempotencyKey?: string) {
    return this.call("post", "/api/v1/jobs/batch", { body: request, idempotencyKey });
  }

  getJob(jobId: string): Promise<Job> {
    return this.call("get", "/api/v1/jobs/{id}", { path: { id: jobId } });
  }

  /** Long-polls the job: answers once its stored version passes `afterVersion` or it ends, or unchanged after `waitMs` (at most a minute). */
  waitForChange(jobId: string, afterVersion: number, waitMs: number, signal?: AbortSignal): Promise<Job> {
    return this.http.json("get", `api/v1/jobs/${encodeURIComponent(jobId)}`, { query: { waitForChange: `${Math.round(waitMs)}ms`, afterVersion }, signal });
  }

  listJobs(query: { status?: JobStatus; type?: string; page?: number; pageSize?: number } = {}): Promise<JobPage> {
    return this.call("get", "/api/v1/jobs", { query });
  }

  cancelJob(jobId: string): Promise<Job> {
    return this.call("post", "/api/v1/jobs/{id}/cancel", { path: { id: jobId } });
  }

  retryJob(jobId: string): Promise<Job> {
    return this.call("post", "/api/v1/jobs/{id}/retry", { path: { id: jobId } });
  }

  listJobTypes() {
    return this.call("get", "/api/v1/job-types");
  }

  /** The job's stored events after `afterVersion`, in version order: every page of them. */
  async getEvents(jobId: string, afterVersion = 0): Promise<JobEvent[]> {
    const events: JobEvent[] = [];
    for (let after: number | null | undefined = afterVersion; after !== null && after !== undefined; ) {
      const page: Schemas["JobEventPage"] = await this.call("get", "/api/v1/jobs/{id}/events", { path: { id: jobId }, query: { afterVersion: after } });
      events.push(...(page.events ?? []));
      after = page.nextAfter;
    }
    return events;
  }

  getLogs(jobId: string, query: { level?: string; page?: number; pageSize?: number } = {}) {
    return this.call("get", "/api/v1/jobs/{id}/logs", { path: { id: jobId }, query });
  }

  getMetrics(jobId: string) {
    return this.call("get", "/api/v1/jobs/{id}/metrics", { path: { id: jobId } });
  }

  /** The job once it has ended: over the hub, checking over HTTP now and then, long-polling where the hub cannot be reached. */
  waitForCompletion(jobId: string, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Job> {
    return waitForCompletion(this, jobId, options);
  }

  async downloadArtifact(jobId: string, name: string): Promise<Uint8Array> {
    const response = await this.http.send("get", `api/v1/jobs/${encodeURIComponent(jobId)}/artifacts/${encodeURIComponent(name)}`);
    return new Uint8Array(await response.arrayBuffer());
  }

  // Links

  /** A link that downloads the artifact without credentials until it expires (`lifetimeSeconds`, else the platform's default); only once when `once`. */
  createArtifactLink(jobId: string, name: string, options: { lifetimeSeconds?: number; once?: boolean } = {}): Promise<DownloadLink> {
    return this.call("post", "/api/v1/jobs/{id}/artifacts/{name}/link", { path: { id: jobId, name }, body: linkRequest(options) });
  }

  createFileLink(fileId: string, options: { lifetimeSeconds?: number; once?: boolean } = {}): Promise<DownloadLink> {
    return this.call("post", "/api/v1/files/{id}/link", { path: { id: fileId }, body: linkRequest(options) });
  }

  /** What a link serves, fetched without credentials. */
  async openLink(link: DownloadLink | string): Promise<Response> {
    const url = typeof link === "string" ? link : link.url!;
    const response = await fetch(new URL(url, this.http.baseUrl));
    if (!response.ok) throw await PlatformError.from(response);
    return response;
  }

  // Files

  /** Uploads bytes as a file in resumable parts (tus): a part that fails is sent again from where the platform stands. */
  uploadFile(content: Uint8Array | ReadStream, name: string, options: UploadOptions = {}): Promise<UserFile> {
    return uploadFile(this, content, name, options);
  }

  getFile(fileId: string): Promise<UserFile> {
    return this.call("get", "/api/v1/files/{id}", { path: { id: fileId } });
  }

  listFiles(query: { page?: number; pageSize?: number } = {}) {
    return this.call("get", "/api/v1/files", { query });
  }

  deleteFile(fileId: string) {
    return this.call("delete", "/api/v1/files/{id}", { path: { id: fileId } });
  }

  // Rooms

  createRoom(request: Schemas["CreateRoomRequest"]): Promise<Room> {
    return this.call("post", "/api/v1/rooms", { body: request });
  }

  listMyRooms(): Promise<Room[]> {
    return this.call("get", "/api/v1/rooms");
  }

  joinRoom(roomId: string) {
    return this.call("post", "/api/v1/rooms/{id}/join", { path: { id: roomId } });
  }

  addRoomMember(roomId: string, userId: string, role?: Schemas["RoomRole"]) {
    return this.call("post", "/api/v1/rooms/{id}/members", { path: { id: roomId }, body: { userId, role } });
  }

  /** The newest page of a room's history, or the page before or after a sequence number. */
  listRoomMessages(roomId: string, query: { before?: number; after?: number; limit?: number } = {}) {
    return this.call("get", "/api/v1/rooms/{id}/messages", { path: { id: roomId }, query });
  }

  postRoomMessage(roomId: string, text: string): Promise<ChatMessage> {
    return this.call("post", "/api/v1/rooms/{id}/messages", { path: { id: roomId }, body: { text } });
  }

  // Notifications, credits

  listNotifications(query: { unreadOnly?: boolean; page?: number; pageSize?: number } = {}) {
    return this.call("get", "/api/v1/notifications", { query });
  }

  markAllNotificationsRead() {
    return this.call("post", "/api/v1/notifications/read-all");
  }

  /** The caller's credits: balance, held for unfinished jobs, available. */
  getCredits() {
    return this.call("get", "/api/v1/credits");
  }

  /** What a job would hold at most, before it is submitted. */
  quoteJob(request: SubmitJobRequest) {
    return this.call("post", "/api/v1/credits/quote", { body: request });
  }

  // Live

  /** A hub connection for job events, rooms, notifications and presence, not yet started: add handlers, then `start()`. */
  live(options: LiveOptions = {}): LiveConnection {
    return new LiveConnection(this.http, { protocol: options.protocol ?? this.options.protocol });
  }
}

function linkRequest(options: { lifetimeSeconds?: number; once?: boolean }): Schemas["CreateLinkRequest"] {
  return { expiresInSeconds: options.lifetimeSeconds, once: options.once ?? false };
}

/** A call's options may be left out when none of them is required. */
type OptionalIfEmpty<T> = {} extends T ? [options?: T] : [options: T];
