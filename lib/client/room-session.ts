/**
 * One browser's connection to one room, as an external store for React (useSyncExternalStore):
 * it owns the socket, keeps the room's state, and exposes send / loadOlder / leave. No React here,
 * so it is tested without a DOM.
 */
import { io, type Socket } from "socket.io-client";
import {
  HISTORY_PAGE_DEFAULT,
  nameKey,
  type Ack,
  type ApiError,
  type ClientToServerEvents,
  type ErrorCode,
  type Member,
  type Message,
  type ServerToClientEvents,
} from "../protocol";
import { fetchOlderMessages, ApiRequestError } from "./api";
import { newClientId } from "./ids";
import { lastSeq, mergeMessages, type Notice } from "./timeline";

export type ChatClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type ConnectionStatus = "connecting" | "connected" | "reconnecting" | "closed";

export interface RoomState {
  status: ConnectionStatus;
  /** Why the server refused us (room_not_found, name_taken, ...), if it did. */
  refusal: ApiError | null;
  you: Member | null;
  members: readonly Member[];
  messages: readonly Message[];
  notices: readonly Notice[];
  hasOlder: boolean;
  loadingOlder: boolean;
}

export interface RoomSessionOptions {
  code: string;
  name: string;
  memberToken: string;
  /** Builds the socket; tests pass a URL-bound factory, the browser uses the page's origin. */
  connect?: (auth: Record<string, string>) => ChatClientSocket;
  sendTimeoutMs?: number;
}

const REFUSALS: readonly ErrorCode[] = ["room_not_found", "name_taken", "invalid_name", "invalid_payload"];

const initialState: RoomState = {
  status: "connecting",
  refusal: null,
  you: null,
  members: [],
  messages: [],
  notices: [],
  hasOlder: false,
  loadingOlder: false,
};

export class RoomSession {
  readonly code: string;
  readonly name: string;
  private state: RoomState = initialState;
  private readonly listeners = new Set<() => void>();
  private readonly socket: ChatClientSocket;
  private readonly sendTimeoutMs: number;
  private firstSnapshot: { resolve: () => void; reject: (error: ApiError) => void } | null = null;
  private noticeCount = 0;

  constructor({ code, name, memberToken, connect, sendTimeoutMs = 10_000 }: RoomSessionOptions) {
    this.code = code;
    this.name = name;
    this.sendTimeoutMs = sendTimeoutMs;
    const auth = { code, name, memberToken };
    this.socket = connect ? connect(auth) : io({ auth, autoConnect: false });
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

  private failOpening(refusal: ApiError): void {
    this.update({ status: "closed", refusal });
    this.firstSnapshot?.reject(refusal);
    this.firstSnapshot = null;
    this.socket.disconnect();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): RoomState => this.state;

  isOwn(message: Message): boolean {
    // Names are unique in a room and the server assigns authorship, so the name is the identity readers see.
    return this.state.you !== null && nameKey(message.author.name) === nameKey(this.state.you.name);
  }

  async send(text: string): Promise<Ack<Message>> {
    if (!this.socket.connected) {
      return { ok: false, error: { code: "internal", message: "Not connected. Your message was kept; send it again when the connection is back." } };
    }
    try {
      const result = await this.socket.timeout(this.sendTimeoutMs).emitWithAck("message:send", { text, clientId: newClientId() });
      if (result.ok) this.addMessages([result.data]);
      return result;
    } catch {
      return { ok: false, error: { code: "internal", message: "The server did not answer in time. Your message was kept; try again." } };
    }
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
    this.socket.disconnect();
    this.update({ status: "closed" });
  }

  private listen(): void {
    const socket = this.socket;
    socket.on("connect", () => this.update({ status: "connected", refusal: null }));
    socket.on("disconnect", (reason) => {
      // "io client disconnect" is ours; after "io server disconnect" the client does not retry by itself.
      const retrying = reason !== "io client disconnect" && reason !== "io server disconnect";
      this.update({ status: retrying ? "reconnecting" : "closed" });
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
    socket.on("room:snapshot", (snapshot) => {
      const hadMessages = this.state.messages.length > 0;
      if (this.state.you === null) this.addNotice("You joined the room", snapshot.messages.at(-1)?.seq ?? 0);
      this.update({
        you: snapshot.you,
        members: snapshot.members,
        messages: mergeMessages(this.state.messages, snapshot.messages),
        // Only the first snapshot tells whether older history exists; later ones just catch up.
        hasOlder: hadMessages ? this.state.hasOlder : snapshot.hasOlder,
      });
      this.firstSnapshot?.resolve();
      this.firstSnapshot = null;
    });
    socket.on("message:created", (message) => this.addMessages([message]));
    socket.on("member:joined", ({ member, members }) => this.memberChanged(member, members, "joined"));
    socket.on("member:left", ({ member, members }) => this.memberChanged(member, members, "left"));
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

  private addMessages(messages: Message[]): void {
    const merged = mergeMessages(this.state.messages, messages);
    if (merged !== this.state.messages) this.update({ messages: merged });
  }

  private update(patch: Partial<RoomState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
