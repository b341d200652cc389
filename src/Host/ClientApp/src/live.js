import { HubConnectionBuilder, HubConnectionState, LogLevel } from '@microsoft/signalr';
import { asActing } from './acting.js';
import { freshAccessToken } from './session.js';

/**
 * The one hub connection: job events, notifications and presence. It reconnects for as long as the page is
 * signed in, and after each (re)connect asks again for everything it watches, each job after the last version
 * seen, so nothing stored meanwhile is missed.
 */
export class LiveConnection {
  #connection;
  #stopped = false;
  #handlers;
  #overviewListener = null;
  #roomListener = null;
  // Stored rooms watched, each with the sequence number of the last message handed on.
  #rooms = new Map();

  /**
   * handlers: jobEvent(e), notification(n), presence(users) and presenceChanged(change), connectionChanged(state),
   * and watchedJobs() → [[jobId, lastVersion]] plus resubscribed() once a new connection has caught up.
   */
  constructor(handlers) {
    this.#handlers = handlers;
    this.#connection = new HubConnectionBuilder()
      .withUrl(asActing('/hubs/jobs'), { accessTokenFactory: () => freshAccessToken() })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (retry) => Math.min(500 * 2 ** retry.previousRetryCount, 10_000) })
      .configureLogging(LogLevel.Warning)
      .build();
    this.#connection.on('JobEvent', (event) => handlers.jobEvent(event));
    // Live progress comes slim (job id, version, progress, metrics, message); the page takes it as a transient event.
    this.#connection.on('JobTicked', (tick) => handlers.jobEvent({ ...tick, kind: 'progressed', transient: true }));
    this.#connection.on('Notification', (notification) => handlers.notification(notification));
    this.#connection.on('PresenceChanged', (change) => handlers.presenceChanged(change));
    this.#connection.on('Overview', (overview) => this.#overviewListener?.(overview, { latestOnly: true }));
    this.#connection.on('ChatMessage', (message) => {
      const last = this.#rooms.get(message.roomId);
      if (last === undefined || message.seq <= last) return;
      this.#rooms.set(message.roomId, message.seq);
      this.#roomListener?.message(message);
    });
    this.#connection.on('ChatMessageChanged', (message) => this.#roomListener?.changed(message));
    this.#connection.on('RoomTyping', (typing) => this.#roomListener?.typing(typing));
    this.#connection.on('RoomLeft', (left) => {
      this.#rooms.delete(left.roomId);
      this.#roomListener?.left(left);
    });
    this.#connection.onreconnecting(() => handlers.connectionChanged('reconnecting'));
    this.#connection.onreconnected(() => this.#caughtUp());
    // Automatic reconnects give up only when the server refuses them (an expired token, say): start over.
    this.#connection.onclose(() => {
      if (this.#stopped) return;
      handlers.connectionChanged('reconnecting');
      setTimeout(() => this.start(), 2_000);
    });
  }

  async start() {
    for (let attempt = 0; !this.#stopped; attempt++) {
      try {
        await this.#connection.start();
      } catch {
        this.#handlers.connectionChanged('reconnecting');
        await new Promise((resolve) => setTimeout(resolve, Math.min(1_000 * 2 ** attempt, 10_000)));
        continue;
      }
      await this.#caughtUp();
      return;
    }
  }

  async stop() {
    this.#stopped = true;
    await this.#connection.stop();
  }

  /** Starts watching a job from just after the version the page already shows. */
  watch(jobId, afterVersion) {
    if (this.#connection.state !== HubConnectionState.Connected) return Promise.resolve();
    return this.#connection.invoke('SubscribeJob', jobId, afterVersion).catch(() => {});
  }

  /**
   * Admins: listener(overview, { latestOnly }) gets the cluster's overview now with its history, then each push (the
   * newest throughput point only) until unwatchOverview; after a reconnect, the whole overview again.
   */
  async watchOverview(listener) {
    this.#overviewListener = listener;
    if (this.#connection.state !== HubConnectionState.Connected) return;
    listener(await this.#connection.invoke('WatchOverview'), { latestOnly: false });
  }

  unwatchOverview() {
    this.#overviewListener = null;
    if (this.#connection.state === HubConnectionState.Connected) this.#connection.invoke('UnwatchOverview').catch(() => {});
  }

  /**
   * Watches a stored room from just after afterSeq: listener.message(m) once per message in sequence (also after a
   * reconnect), listener.changed(m), listener.typing(t), listener.left(l).
   */
  async watchRoom(roomId, afterSeq, listener) {
    this.#roomListener = listener;
    this.#rooms.set(roomId, afterSeq);
    if (this.#connection.state === HubConnectionState.Connected) await this.#connection.invoke('WatchRoom', roomId, afterSeq);
  }

  unwatchRoom(roomId) {
    this.#rooms.delete(roomId);
    if (this.#connection.state === HubConnectionState.Connected) this.#connection.invoke('UnwatchRoom', roomId).catch(() => {});
  }

  typingIn(roomId) {
    if (this.#connection.state === HubConnectionState.Connected) this.#connection.invoke('TypingInRoom', roomId).catch(() => {});
  }

  // A failure here means the connection dropped again; its reconnect comes back here.
  async #caughtUp() {
    const connection = this.#connection;
    try {
      await connection.invoke('SubscribeMyJobs');
      await Promise.all(this.#handlers.watchedJobs().map(([jobId, version]) => this.watch(jobId, version)));
      this.#handlers.presence(await connection.invoke('GetOnlineUsers'));
      for (const [roomId, seq] of this.#rooms) await connection.invoke('WatchRoom', roomId, seq);
      const listener = this.#overviewListener;
      if (listener) listener(await connection.invoke('WatchOverview'), { latestOnly: false });
    } catch {
      return;
    }
    this.#handlers.connectionChanged('connected');
    this.#handlers.resubscribed?.();
  }
}
