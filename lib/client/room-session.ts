/**
 * One browser's connection to one room, as an external store for React (useSyncExternalStore): it
 * owns the socket, keeps the room's state, and exposes send / retry / loadOlder / leave. No React
 * here, so it is tested without a DOM.
 *
 * Delivery (docs/protocol.md#delivery-guarantees-and-limits): typed messages go to an outbox kept in
 * storage and are sent in order, one at a time, with a fixed clientId, until acknowledged. After any
 * reconnect, or when a live message skips a seq, the session asks for everything after the highest
 * seq it holds without a gap (`syncedSeq`), so it shows every message exactly once and in order.
 */
import { io, type Socket } from "socket.io-client";
import {
  HISTORY_PAGE_DEFAULT,
  HISTORY_PAGE_MAX,
  MessageTextSchema,
  firstIssue,
  type Ack,
  type ApiError,
  type ClientToServerEvents,
  type ErrorCode,
  type Member,
  type Message,
  type RoomSnapshot,
  type ServerToClientEvents,
} from "../protocol";
import { fetchOlderMessages } from "./api";
import { newClientId } from "./ids";
import { ApiRequestError } from "./refusals";
import { browserOutboxStorage, nextToSend, updateEntry, withoutClientIds, type OutboxEntry, type OutboxStorage } from "./outbox";
import { advanceSynced, lastSeq, mergeMessages, type Notice } from "./timeline";

export type ChatClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "closed";

export interface RoomState {
  status: ConnectionStatus;
  /** Why the server refused us (room_not_found, name_taken, ...), if it did. */
  refusal: ApiError | null;
  you: RoomSnapshot["you"] | null;
  members: readonly Member[];
  messages: readonly Message[];
  notices: readonly Notice[];
  /** Own messages not acknowledged yet (pending) or refused for good (failed), oldest first. */
  outbox: readonly OutboxEntry[];
  hasOlder: boolean;
  loadingOlder: boolean;
}

export interface RoomSessionOptions {
  code: string;
  name: string;
  memberToken: string;
  /** Builds the socket; tests pass a URL-bound factory, the browser uses the page's origin. */
  connect?: (auth: Record<string, string>) => ChatClientSocket;
  outboxStorage?: OutboxStorage;
  /** How long to wait for an acknowledgement before treating the connection as broken. */
  ackTimeoutMs?: number;
}

const REFUSALS: readonly ErrorCode[] = ["room_not_found", "name_taken", "invalid_name", "invalid_payload"];
/** Refusals after which sending the same message again can succeed. */
const TRANSIENT: readonly ErrorCode[] = ["unavailable", "internal", "rate_limited"];
const RETRY_DELAY_MS = 1_000;
/** Sends refused `unavailable` (a full disk, say) wait longer each time, up to this. */
const MAX_RETRY_DELAY_MS = 30_000;

/** 1 s, 2 s, 4 s... up to 30 s for the nth refusal in a row, unless the server said how long. */
export function retryDelay(refusalsInARow: number, retryAfterMs: number | undefined): number {
  return retryAfterMs ?? Math.min(MAX_RETRY_DELAY_MS, RETRY_DELAY_MS * 2 ** Math.max(0, refusalsInARow - 1));
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RoomSession {
  readonly code: string;
  readonly name: string;
  private state: RoomState;
  private readonly listeners = new Set<() => void>();
  private readonly socket: ChatClientSocket;
  private readonly outboxStorage: OutboxStorage;
  private readonly ackTimeoutMs: number;
  private firstSnapshot: { resolve: () => void; reject: (error: ApiError) => void } | null = null;
  private noticeCount = 0;
  /** Every message from the first one loaded up to this seq is held, without a gap. */
  private syncedSeq = 0;
  private flushing = false;
  private catchingUp = false;
  private catchUpAgain = false;
  private removeWindowListeners: () => void = () => undefined;
  private restartingTransport = false;
  /** The server ended this session for good (session:ended): do not reconnect. */
  private ended = false;

  constructor({ code, name, memberToken, connect, outboxStorage = browserOutboxStorage(), ackTimeoutMs = 8_000 }: RoomSessionOptions) {
    this.code = code;
    this.name = name;
    this.ackTimeoutMs = ackTimeoutMs;
    this.outboxStorage = outboxStorage;
    // Messages left unsent by an earlier page (reload, crash) are sent again, as they were.
    const outbox = outboxStorage.load(code);
    this.state = { status: "connecting", refusal: null, you: null, members: [], messages: [], notices: [], outbox, hasOlder: false, loadingOlder: false };
    const auth = { code, name, memberToken };
    // WebSocket first: one TCP connection, so behind a load balancer any instance can take it without
    // sticky sessions. Long-polling only if WebSocket fails (a proxy that blocks it); that fallback
    // needs stickiness, see docs/deploy.md.
    this.socket = connect ? connect(auth) : io({ auth, autoConnect: false, transports: ["websocket", "polling"], tryAllTransports: true });
    this.listen();
  }

  /**
   * Connects; resolves when the room's snapshot arrived, rejects with the server's refusal, or with
   * "internal" if the server cannot be reached: a form waiting on this must not hang.
   */
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.firstSnapshot = { resolve, reject };
      this.socket.connect();
    });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): RoomState => this.state;

  isOwn(message: Message): boolean {
    // The server assigns authorship: a message is ours when it carries our author id in this room.
    return this.state.you !== null && message.author.id === this.state.you.id;
  }

  /** Queues a message. Refuses at once only what the server would refuse for good (empty, too long). */
  send(text: string): Promise<Ack<OutboxEntry>> {
    const parsed = MessageTextSchema.safeParse(text);
    if (!parsed.success) return Promise.resolve({ ok: false, error: { code: "invalid_payload", message: firstIssue(parsed.error) } });
    const entry: OutboxEntry = { clientId: newClientId(), text: parsed.data, createdAt: new Date().toISOString(), status: "pending" };
    this.setOutbox([...this.state.outbox, entry]);
    void this.flush();
    return Promise.resolve({ ok: true, data: entry });
  }

  /** Sends a failed message again (same clientId: it cannot end up stored twice). */
  retry(clientId: string): void {
    this.setOutbox(updateEntry(this.state.outbox, clientId, { status: "pending", error: undefined }));
    void this.flush();
  }

  discard(clientId: string): void {
    this.setOutbox(withoutClientIds(this.state.outbox, new Set([clientId])));
  }

  async loadOlder(): Promise<void> {
    const first = this.state.messages[0];
    if (this.state.loadingOlder || !this.state.hasOlder || first === undefined) return;
    this.update({ loadingOlder: true });
    try {
      const page = await fetchOlderMessages(this.code, first.seq, HISTORY_PAGE_DEFAULT);
      this.update({ messages: mergeMessages(this.state.messages, page.messages), hasOlder: page.hasOlder, loadingOlder: false });
    } catch (error) {
      this.update({ loadingOlder: false });
      if (!(error instanceof ApiRequestError)) throw error;
    }
  }

  /** Leaves the room for good: the server announces it at once. */
  async leave(): Promise<void> {
    if (this.socket.connected) {
      await this.socket.timeout(2_000).emitWithAck("room:leave").catch(() => undefined);
    }
    this.close();
  }

  close(): void {
    this.removeWindowListeners();
    this.socket.disconnect();
    this.update({ status: "closed" });
  }

  private listen(): void {
    const socket = this.socket;
    socket.on("connect", () => this.update({ status: "connected", refusal: null }));
    socket.on("disconnect", (reason) => {
      if (reason === "io client disconnect") return this.update({ status: this.restartingTransport ? "reconnecting" : "closed" });
      if (this.ended) return this.close();
      this.update({ status: "reconnecting" });
      // After a server-side disconnect Socket.IO does not retry by itself; a restart is worth retrying.
      if (reason === "io server disconnect") {
        setTimeout(() => {
          if (this.state.status !== "closed") socket.connect();
        }, RETRY_DELAY_MS);
      }
    });
    socket.on("connect_error", (error) => {
      const code = error.message as ErrorCode;
      if (REFUSALS.includes(code)) {
        const data = (error as { data?: { message?: unknown } }).data;
        this.failOpening({ code, message: typeof data?.message === "string" ? data.message : code });
      } else if (this.firstSnapshot !== null) {
        // Never connected yet: say so now rather than retry silently behind a busy button.
        this.failOpening({ code: "internal", message: "Could not reach the server. Check your connection and try again." });
      } else {
        this.update({ status: "reconnecting" });
      }
    });
    socket.on("server:restarting", () => this.update({ status: "reconnecting" }));
    socket.on("session:ended", (reason) => {
      this.ended = true;
      this.update({ refusal: reason });
    });
    socket.on("room:snapshot", (snapshot) => this.onSnapshot(snapshot));
    socket.on("message:created", (message) => this.onLiveMessage(message));
    socket.on("member:joined", ({ member, members }) => this.memberChanged(member, members, "joined"));
    socket.on("member:left", ({ member, members }) => this.memberChanged(member, members, "left"));
    this.watchNetwork();
  }

  private onSnapshot(snapshot: RoomSnapshot): void {
    const reconnect = this.state.you !== null;
    const added = this.addMessages(snapshot.messages, { restored: reconnect });
    this.update({ you: snapshot.you, members: snapshot.members });
    if (!reconnect) {
      this.syncedSeq = lastSeq(snapshot.messages);
      this.update({ hasOlder: snapshot.hasOlder });
      this.addNotice("You joined the room", this.syncedSeq);
      this.firstSnapshot?.resolve();
      this.firstSnapshot = null;
    } else {
      void this.catchUp(added);
    }
    void this.flush();
  }

  private onLiveMessage(message: Message): void {
    this.addMessages([message], { restored: false });
    // A seq beyond the next expected one means something was missed: fetch the gap.
    if (message.seq > this.syncedSeq + 1) void this.catchUp(0);
  }

  /** Fetches everything after syncedSeq, page by page; reports how many messages it brought back. */
  private async catchUp(alreadyRestored: number): Promise<void> {
    if (this.catchingUp) {
      this.catchUpAgain = true;
      return;
    }
    this.catchingUp = true;
    let restored = alreadyRestored;
    try {
      do {
        this.catchUpAgain = false;
        let hasMore = true;
        while (hasMore && this.socket.connected) {
          const page = await this.socket.timeout(this.ackTimeoutMs).emitWithAck("messages:since", { afterSeq: this.syncedSeq, limit: HISTORY_PAGE_MAX });
          if (!page.ok) {
            // Reading too fast (a long absence in a busy room): wait as told, then go on from where we are.
            if (page.error.code !== "rate_limited") break;
            await wait(page.error.retryAfterMs ?? RETRY_DELAY_MS);
            continue;
          }
          restored += this.addMessages(page.data.messages, { restored: true });
          // Server pages are gap-free from afterSeq, so everything up to their last seq is now held.
          this.syncedSeq = Math.max(this.syncedSeq, lastSeq(page.data.messages));
          hasMore = page.data.hasMore;
        }
      } while (this.catchUpAgain && this.socket.connected);
    } catch {
      // No answer: the connection is broken. The next reconnect catches up from the same seq.
    } finally {
      this.catchingUp = false;
    }
    if (restored > 0) this.addNotice(`${restored} missed ${restored === 1 ? "message" : "messages"} restored`, lastSeq(this.state.messages));
  }

  /** Sends the outbox in order, one message at a time, until it is empty or the connection fails. */
  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    let refusalsInARow = 0;
    try {
      for (let entry = nextToSend(this.state.outbox); entry !== undefined && this.socket.connected; entry = nextToSend(this.state.outbox)) {
        let result: Ack<Message>;
        try {
          result = await this.socket.timeout(this.ackTimeoutMs).emitWithAck("message:send", { text: entry.text, clientId: entry.clientId });
        } catch {
          continue; // No ack in time: send again (same clientId) while connected, else after reconnecting.
        }
        if (result.ok) {
          refusalsInARow = 0;
          this.addMessages([result.data], { restored: false });
        } else if (TRANSIENT.includes(result.error.code)) await wait(retryDelay(++refusalsInARow, result.error.retryAfterMs));
        else this.setOutbox(updateEntry(this.state.outbox, entry.clientId, { status: "failed", error: result.error }));
      }
    } finally {
      this.flushing = false;
    }
  }

  private failOpening(refusal: ApiError): void {
    this.update({ status: "closed", refusal });
    this.firstSnapshot?.reject(refusal);
    this.firstSnapshot = null;
    this.socket.disconnect();
  }

  /** Browsers know before Socket.IO's heartbeat does: drop the dead transport, and retry at once when back. */
  private watchNetwork(): void {
    if (typeof window === "undefined") return;
    const offline = () => this.socket.io.engine?.close();
    const online = () => {
      if (this.socket.connected || this.state.status === "closed") return;
      // Skip the rest of the reconnection back-off: restart the attempt now.
      this.restartingTransport = true;
      this.socket.disconnect().connect();
      this.restartingTransport = false;
    };
    window.addEventListener("offline", offline);
    window.addEventListener("online", online);
    this.removeWindowListeners = () => {
      window.removeEventListener("offline", offline);
      window.removeEventListener("online", online);
    };
  }

  private memberChanged(member: Member, members: readonly Member[], verb: "joined" | "left"): void {
    this.update({ members });
    this.addNotice(`${member.name} ${verb} the room`, lastSeq(this.state.messages));
  }

  private addNotice(text: string, afterSeq: number): void {
    this.noticeCount += 1;
    const notice: Notice = { id: String(this.noticeCount), text, afterSeq, at: new Date().toISOString() };
    this.update({ notices: [...this.state.notices, notice] });
  }

  /** Merges messages, settles the outbox entries they answer, and returns how many are new (own ones excluded if `restored`). */
  private addMessages(messages: readonly Message[], { restored }: { restored: boolean }): number {
    const pending = new Set(this.state.outbox.map((entry) => entry.clientId));
    // A stored message settles its outbox entry, whether it came as an ack, a broadcast or a catch-up.
    this.setOutbox(withoutClientIds(this.state.outbox, new Set(messages.map((message) => message.clientId))));
    const merged = mergeMessages(this.state.messages, messages);
    if (merged === this.state.messages) return 0;
    const known = new Set(this.state.messages.map((message) => message.id));
    const fresh = messages.filter((message) => !known.has(message.id));
    this.update({ messages: merged });
    this.syncedSeq = advanceSynced(merged, this.syncedSeq);
    return restored ? fresh.filter((message) => !pending.has(message.clientId)).length : fresh.length;
  }

  private setOutbox(outbox: readonly OutboxEntry[]): void {
    if (outbox === this.state.outbox) return;
    this.outboxStorage.save(this.code, outbox);
    this.update({ outbox });
  }

  private update(patch: Partial<RoomState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
