import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel, type IHttpConnectionOptions } from "@microsoft/signalr";
import { MessagePackHubProtocol } from "@microsoft/signalr-protocol-msgpack";
import { ApiKeyHeader } from "./credentials.js";
import { sleep, type Http } from "./rest.js";
import { isFinished, type ChatMessage, type ClusterOverview, type JobEvent, type JobStatus, type Notification, type OnlineUser, type PresenceChange, type RoomLeft, type RoomTyping } from "./types.js";
import { fromMessagePack, tickAsEvent, tickOf } from "./wire.js";

export interface LiveOptions {
  /** `messagepack` (the default: smaller and cheaper for both ends) or `json`. */
  protocol?: "messagepack" | "json";
}

/** What a live connection tells its handlers. */
export interface LiveEvents {
  /** Per job: live progress ticks (`transient`) and each stored event once, in version order, across reconnects. */
  jobEvent: JobEvent;
  /** A message stored in a watched room: each once, in sequence, across reconnects. */
  chatMessage: ChatMessage;
  /** A message of a watched room was edited or deleted: as it is now. */
  chatMessageChanged: ChatMessage;
  roomTyping: RoomTyping;
  /** A watched room is watched no more: the caller left or was removed, or it was deleted. */
  roomLeft: RoomLeft;
  /** A new notification of the caller's: a job finished, a mention, a broadcast. */
  notification: Notification;
  /** Someone came online or went offline. Changes while reconnecting are missed: ask `getOnlineUsers()` on `reconnected`. */
  presence: PresenceChange;
  /** Admins watching the overview: the cluster now, every few seconds; after a reconnect, once with its recent history. */
  overview: ClusterOverview;
  /** The connection dropped; it is being made again (to the next base URL if the last cannot be reached). */
  reconnecting: Error | undefined;
  /** The connection is back, with its rooms watched and its job subscriptions resumed. */
  reconnected: { baseUrl: string };
}

type Handler<T> = (value: T) => void | Promise<void>;

interface WatchedJob {
  version: number;
  status?: JobStatus;
  /** Asked for on its own, not only seen through "all my jobs". */
  subscribed: boolean;
}

const restoreAttempts = 3;
const hubPath = "hubs/jobs";

/**
 * One hub connection for everything live: job events, stored rooms, notifications and presence. Add handlers with
 * {@link on}, then {@link start}. It reconnects by itself until {@link stop}, trying each of the client's base URLs in
 * turn; once back it watches its rooms again after the last message it delivered and resumes each job after the last
 * stored version it delivered, so a bot misses nothing and sees nothing twice. Handlers are called one at a time, in
 * the order the hub sent.
 */
export class LiveConnection {
  private readonly jobs = new Map<string, WatchedJob>();
  private readonly rooms = new Map<string, number>();
  private readonly handlers = new Map<keyof LiveEvents, Handler<never>[]>();
  private allMyJobs = false;
  private overview = false;
  private connection: HubConnection | undefined;
  private connectedTo = "";
  private stopped = false;
  private reconnecting: Promise<void> | undefined;
  private delivery: Promise<void> = Promise.resolve();

  constructor(
    private readonly http: Http,
    private readonly options: LiveOptions = {},
  ) {}

  on<E extends keyof LiveEvents>(event: E, handler: Handler<LiveEvents[E]>): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler as Handler<never>]);
    return this;
  }

  get state(): HubConnectionState {
    return this.connection?.state ?? HubConnectionState.Disconnected;
  }

  /** The base URL of the host this connection talks to now. */
  get baseUrl(): string {
    return this.connectedTo;
  }

  /** Connects, and asks for whatever was subscribed or watched before. */
  async start(): Promise<void> {
    this.stopped = false;
    for (let tried = 1; ; tried++) {
      try {
        await this.connect();
        break;
      } catch (error) {
        if (tried >= this.http.baseUrls.length) throw error;
      }
    }
    try {
      await this.restore();
    } catch (error) {
      // Dropped while restoring: the reconnect that follows restores it all.
      if (this.state === HubConnectionState.Connected) throw error;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.connection?.stop();
    await this.reconnecting?.catch(() => undefined);
    await this.delivery;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  /** The version of the last stored event delivered for the job, 0 when none. */
  lastVersionOf(jobId: string): number {
    return this.jobs.get(jobId)?.version ?? 0;
  }

  /** The sequence number of the last message delivered from the room, or what watching it started after. */
  lastSeqOf(roomId: string): number | undefined {
    return this.rooms.get(roomId);
  }

  /** The job's stored events after `afterVersion`, then live ones; events this connection already delivered are not delivered again. */
  async subscribeJob(jobId: string, afterVersion = 0): Promise<void> {
    let job = this.jobs.get(jobId);
    const added = job === undefined;
    if (!job) this.jobs.set(jobId, (job = { version: afterVersion, subscribed: true }));
    job.subscribed = true;
    try {
      await this.invokeIfConnected("SubscribeJob", jobId, Math.max(afterVersion, job.version));
    } catch (error) {
      if (added) this.jobs.delete(jobId);
      throw error;
    }
  }

  async unsubscribeJob(jobId: string): Promise<void> {
    const job = this.jobs.get(jobId);
    if (job) job.subscribed = false;
    await this.invokeIfConnected("UnsubscribeJob", jobId);
  }

  /** Live events of every job the caller (or the organization acted for) owns, from now on. */
  async subscribeMyJobs(): Promise<void> {
    const before = this.allMyJobs;
    this.allMyJobs = true;
    try {
      await this.invokeIfConnected("SubscribeMyJobs");
    } catch (error) {
      this.allMyJobs = before;
      throw error;
    }
  }

  async unsubscribeMyJobs(): Promise<void> {
    this.allMyJobs = false;
    await this.invokeIfConnected("UnsubscribeMyJobs");
  }

  /** Watches a stored room: every message after `afterSeq`, then each new one, in sequence, resumed after a reconnect. */
  async watchRoom(roomId: string, afterSeq = 0): Promise<void> {
    this.rooms.set(roomId, afterSeq);
    try {
      await this.invokeIfConnected("WatchRoom", roomId, afterSeq);
    } catch (error) {
      this.rooms.delete(roomId);
      throw error;
    }
  }

  async unwatchRoom(roomId: string): Promise<void> {
    this.rooms.delete(roomId);
    await this.invokeIfConnected("UnwatchRoom", roomId);
  }

  /** Stores a message in a room the caller belongs to; answers it as stored, with its sequence number. */
  async postToRoom(roomId: string, text: string): Promise<ChatMessage> {
    return fromMessagePack(await this.hub().invoke("PostToRoom", roomId, text)) as ChatMessage;
  }

  /** Tells a room's other watchers the caller is typing. */
  async typingInRoom(roomId: string): Promise<void> {
    await this.hub().invoke("TypingInRoom", roomId);
  }

  /** Admins only: the cluster's overview now, with its recent throughput; then the `overview` event every few seconds. */
  async watchOverview(): Promise<ClusterOverview> {
    const overview = fromMessagePack(await this.hub().invoke("WatchOverview")) as ClusterOverview;
    this.overview = true;
    return overview;
  }

  async unwatchOverview(): Promise<void> {
    this.overview = false;
    await this.invokeIfConnected("UnwatchOverview");
  }

  /** Who has a connection on any host right now. */
  async getOnlineUsers(): Promise<OnlineUser[]> {
    return fromMessagePack(await this.hub().invoke("GetOnlineUsers")) as OnlineUser[];
  }

  private hub(): HubConnection {
    if (!this.connection || this.connection.state !== HubConnectionState.Connected) throw new Error("The live connection is not connected.");
    return this.connection;
  }

  // Before start, and while reconnecting, what was asked for is only recorded: the next (re)connect asks for it. So is
  // a call that the connection's drop cut short: it was not refused, and the reconnect asks again.
  private async invokeIfConnected(method: string, ...args: unknown[]): Promise<void> {
    const connection = this.connection;
    if (connection?.state !== HubConnectionState.Connected) return;
    try {
      await connection.invoke(method, ...args);
    } catch (error) {
      if (this.connection === connection && connection.state === HubConnectionState.Connected) throw error;
    }
  }

  private async connect(): Promise<void> {
    const baseUrl = this.http.baseUrl;
    const connection = this.build(baseUrl);
    try {
      await connection.start();
    } catch (error) {
      this.http.failOver(baseUrl);
      throw error;
    }
    this.connection = connection;
    this.connectedTo = baseUrl;
    connection.onclose((error) => {
      if (!this.stopped && this.connection === connection) this.reconnecting = this.reconnect(error);
    });
  }

  private build(baseUrl: string): HubConnection {
    const credentials = this.http.credentials;
    const options: IHttpConnectionOptions = {};
    if (credentials.kind === "apiKey") options.headers = { [ApiKeyHeader]: credentials.key };
    if (credentials.kind === "bearer") options.accessTokenFactory = credentials.accessToken;
    let builder = new HubConnectionBuilder().withUrl(this.http.url(hubPath, {}, baseUrl).toString(), options).configureLogging(LogLevel.None);
    if ((this.options.protocol ?? "messagepack") === "messagepack") builder = builder.withHubProtocol(new MessagePackHubProtocol());
    const connection = builder.build();
    connection.on("JobEvent", (value: unknown) => this.deliver(() => this.acceptEvent(fromMessagePack(value) as JobEvent), "jobEvent"));
    connection.on("JobTicked", (value: unknown) => this.deliver(() => this.acceptTick(value), "jobEvent"));
    connection.on("ChatMessage", (value: unknown) => this.deliver(() => this.acceptMessage(fromMessagePack(value) as ChatMessage), "chatMessage"));
    connection.on("ChatMessageChanged", (value: unknown) => this.deliver(() => fromMessagePack(value) as ChatMessage, "chatMessageChanged"));
    connection.on("RoomTyping", (value: unknown) => this.deliver(() => fromMessagePack(value) as RoomTyping, "roomTyping"));
    connection.on("RoomLeft", (value: unknown) =>
      this.deliver(() => {
        const left = fromMessagePack(value) as RoomLeft;
        this.rooms.delete(left.roomId);
        return left;
      }, "roomLeft"),
    );
    connection.on("Notification", (value: unknown) => this.deliver(() => fromMessagePack(value) as Notification, "notification"));
    connection.on("Overview", (value: unknown) => this.deliver(() => fromMessagePack(value) as ClusterOverview, "overview"));
    connection.on("PresenceChanged", (value: unknown) => this.deliver(() => fromMessagePack(value) as PresenceChange, "presence"));
    return connection;
  }

  // Tries again after a drop, from a quarter of a second up to ten, moving on to the next base URL after each failure.
  private async reconnect(error: Error | undefined): Promise<void> {
    await this.emit("reconnecting", error);
    for (let attempt = 0; !this.stopped; attempt++) {
      let connected = false;
      try {
        await this.connect();
        connected = true;
        if (this.stopped) {
          await this.connection?.stop();
          return;
        }
        await this.restore();
        await this.emit("reconnected", { baseUrl: this.connectedTo });
        return;
      } catch {
        // Once connected, a failed restore is the new connection's: its close (if it dropped) starts over.
        if (connected) return;
        await sleep(Math.min(10_000, 250 * 2 ** Math.min(attempt, 6)));
      }
    }
  }

  // A new connection has nothing of the last one's: rooms after their last message, each job after its last stored
  // version (before "all my jobs", so a job watched on its own gets no second, live-only copy of its events).
  private async restore(): Promise<void> {
    for (const [roomId, seq] of [...this.rooms]) await this.restoreOne(() => this.hub().invoke("WatchRoom", roomId, seq), () => this.rooms.delete(roomId));
    const resumed = [...this.jobs].filter(([, job]) => job.subscribed || (this.allMyJobs && !isFinished(job.status)));
    const foundOnly: string[] = [];
    for (const [jobId, job] of resumed)
      if (await this.restoreOne(() => this.hub().invoke("SubscribeJob", jobId, job.version), () => this.jobs.delete(jobId)))
        if (!job.subscribed) foundOnly.push(jobId);
    if (this.overview) {
      let latest: unknown;
      if (await this.restoreOne(async () => (latest = await this.hub().invoke("WatchOverview")), () => (this.overview = false)))
        await this.emit("overview", fromMessagePack(latest) as ClusterOverview);
    }
    if (this.allMyJobs) {
      // Jobs found through "all my jobs" were resumed on their own so nothing they stored meanwhile is lost; once
      // "all my jobs" carries them on they are given back, as the hub counts each against its limit per connection.
      await this.hub().invoke("SubscribeMyJobs");
      for (const jobId of foundOnly) await this.hub().invoke("UnsubscribeJob", jobId);
    }
  }

  // One refusal (a job deleted meanwhile) must not keep the rest from being restored; a host that has just started may
  // fail a call for a moment, so a watch is given up only when asking again is refused again. True when restored.
  private async restoreOne(call: () => Promise<unknown>, forget: () => void): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await call();
        return true;
      } catch (error) {
        if (this.connection?.state !== HubConnectionState.Connected) throw error;
        if (attempt >= restoreAttempts) {
          forget();
          return false;
        }
        await sleep(250 * attempt);
      }
    }
  }

  // Drops repeats (a replay overlapping what was delivered live) and events of jobs no longer subscribed.
  private acceptEvent(event: JobEvent): JobEvent | undefined {
    const jobId = event.jobId!;
    let job = this.jobs.get(jobId);
    if (!this.allMyJobs && !job?.subscribed) return undefined;
    const last = job?.version ?? 0;
    const version = event.version ?? 0;
    if (event.transient ? version < last : version <= last) return undefined;
    if (!event.transient) {
      if (!job) this.jobs.set(jobId, (job = { version: 0, subscribed: false }));
      job.version = version;
      job.status = event.status;
    }
    return event;
  }

  private acceptTick(value: unknown): JobEvent | undefined {
    const tick = tickOf(value);
    const job = this.jobs.get(tick.jobId);
    if (!this.allMyJobs && !job?.subscribed) return undefined;
    if (tick.version < (job?.version ?? 0)) return undefined;
    return tickAsEvent(tick, job?.status);
  }

  private acceptMessage(message: ChatMessage): ChatMessage | undefined {
    const last = this.rooms.get(message.roomId!);
    if (last === undefined || (message.seq ?? 0) <= last) return undefined;
    this.rooms.set(message.roomId!, message.seq!);
    return message;
  }

  // Accepting happens in arrival order too, so what a handler sees matches what was recorded as delivered.
  private deliver<E extends keyof LiveEvents>(accept: () => LiveEvents[E] | undefined, event: E): void {
    this.delivery = this.delivery.then(async () => {
      const value = accept();
      if (value !== undefined) await this.emit(event, value);
    });
  }

  private async emit<E extends keyof LiveEvents>(event: E, value: LiveEvents[E]): Promise<void> {
    for (const handler of this.handlers.get(event) ?? []) {
      try {
        await (handler as Handler<LiveEvents[E]>)(value);
      } catch (error) {
        // A handler's failure is its own: the connection goes on delivering to the others.
        console.error(`A ${event} handler failed:`, error);
      }
    }
  }
}
