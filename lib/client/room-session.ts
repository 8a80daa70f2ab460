/**
 * One browser's session in one room, put together from parts with one job each (session/): the link
 * and its retries (Connection), the view React reads (RoomStore), keeping the timeline whole
 * (CatchUp), sending the outbox (Delivery) and paging back (loadOlder). This class only wires the
 * room's events to them and keeps the surface the pages use. No React here: tested without a DOM.
 */
import { io } from "socket.io-client";
import type { Ack, ApiError, Message, RoomSnapshot } from "../protocol";
import { reactionEmoji } from "../protocol-text";
import { browserOutboxStorage, type OutboxEntry, type OutboxStorage } from "./outbox";
import { CatchUp } from "./session/catch-up";
import { Connection, type ChatClientSocket, type LinkState } from "./session/connection";
import { Delivery } from "./session/delivery";
import { loadOlder, loadOlderUntil } from "./session/history";
import { OwnerControls } from "./session/owner";
import { RoomStore, type RoomState } from "./session/room-store";
import { TypingSender, TypingState } from "./typing";

export type { ChatClientSocket, ConnectionStatus, RetryInfo } from "./session/connection";
export type { RoomState } from "./session/room-store";

export interface RoomSessionOptions {
  code: string;
  name: string;
  memberToken: string;
  /** The room's owner key and passphrase, where this browser holds them (lib/client/room-keys.ts). */
  ownerKey?: string | undefined;
  passphrase?: string | undefined;
  /** Builds the socket; tests pass a URL-bound factory, the browser uses the page's origin. */
  connect?: (auth: Record<string, string>) => ChatClientSocket;
  outboxStorage?: OutboxStorage;
  /** How long to wait for an acknowledgement before treating the connection as broken. */
  ackTimeoutMs?: number;
}

export class RoomSession {
  readonly code: string;
  readonly name: string;
  /** Who else is typing (lib/client/typing.ts): a store of its own, so a notice does not re-render the room. */
  readonly typing = new TypingState();
  /** The owner's actions, and what the room's state and its owner's actions do here. */
  readonly owner: OwnerControls;
  private readonly socket: ChatClientSocket;
  private readonly store: RoomStore;
  private readonly connection: Connection;
  private readonly catchUp: CatchUp;
  private readonly delivery: Delivery;
  private readonly typingSender: TypingSender;
  private opening: { resolve: () => void; reject: (error: ApiError) => void } | null = null;

  constructor({ code, name, memberToken, ownerKey, passphrase, connect, outboxStorage = browserOutboxStorage(), ackTimeoutMs = 8_000 }: RoomSessionOptions) {
    this.code = code;
    this.name = name;
    this.store = new RoomStore(code, outboxStorage);
    // One object the socket keeps and sends at every handshake: OwnerControls puts a new owner key in it.
    const auth: Record<string, string> = { code, name, memberToken, ...(ownerKey && { ownerKey }), ...(passphrase && { passphrase }) };
    // WebSocket first: one TCP connection, so behind a load balancer any instance can take it without
    // sticky sessions. Long-polling only if WebSocket fails (a proxy that blocks it); that fallback
    // needs stickiness, see docs/deploy.md.
    this.socket = connect ? connect(auth) : io({ auth, autoConnect: false, transports: ["websocket", "polling"], tryAllTransports: true });
    this.connection = new Connection(this.socket, { changed: (link) => this.linkChanged(link), refused: (error) => this.refused(error) });
    this.owner = new OwnerControls(this.socket, this.store, code, auth, ackTimeoutMs);
    this.catchUp = new CatchUp(this.socket, this.store, ackTimeoutMs);
    this.delivery = new Delivery(this.socket, this.store, ackTimeoutMs, {
      // An ack only updates the message: the broadcasts, which come in the order the changes were
      // numbered, move the change cursor (an ack may overtake an earlier change's broadcast).
      changed: (message) => this.store.applyChange(message),
      refused: (notice) => this.store.addNotice(notice),
    });
    // Only while connected: a notice queued offline would arrive long after it was true.
    this.typingSender = new TypingSender((typing) => {
      if (this.socket.connected) this.socket.emit("typing:update", { typing });
    });
    this.listen();
  }

  /**
   * Connects; resolves when the room's snapshot arrived, or once a refusal that is retried (room_full,
   * rate_limited, ...) hands the wait over to the room page, which shows it. Rejects with a refusal
   * that is final, or with "internal" if the server cannot be reached: a form waiting on this must not hang.
   */
  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.opening = { resolve, reject };
      this.connection.open();
    });
  }

  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  getSnapshot = (): RoomState => this.store.getSnapshot();

  isOwn(message: Message): boolean {
    // The server assigns authorship: a message is ours when it carries our author id in this room.
    const { you } = this.store.getSnapshot();
    return you !== null && message.author.id === you.id;
  }

  /** Messages and changes not acknowledged yet (sent ones included while they wait for the answer). */
  unsent(): number {
    return this.store.pending.length;
  }

  /** Queues a message; `replyTo` is the id of the message it answers. */
  send(text: string, replyTo?: string): Promise<Ack<OutboxEntry>> {
    this.typingSender.stopped();
    return this.delivery.send(text, replyTo);
  }

  /** The composer's draft after the person changed it: tells the room that you are typing, or stopped. */
  draftChanged(text: string): void {
    this.typingSender.draft(text);
  }

  /** Queues an edit of one of your messages; refuses at once (invalid_payload) a text the server would refuse. */
  edit(messageId: string, text: string): Promise<Ack<null>> {
    return this.delivery.edit(messageId, text);
  }

  deleteMessage(messageId: string): void {
    this.delivery.deleteMessage(messageId);
  }

  /** Adds the emoji to the message as you, or takes yours away if you have it there (as shown, queued changes included). */
  toggleReaction(messageId: string, emoji: string): void {
    const { messages, you } = this.store.getSnapshot();
    const canonical = reactionEmoji(emoji) ?? emoji;
    const reaction = messages.find((message) => message.id === messageId)?.reactions.find((r) => r.emoji === canonical);
    this.delivery.react(messageId, canonical, !(you !== null && reaction?.names.includes(you.name) === true));
  }

  retry(clientId: string): void {
    this.delivery.retry(clientId);
  }

  discard(clientId: string): void {
    this.delivery.discard(clientId);
  }

  loadOlder(): Promise<void> {
    return loadOlder(this.code, this.store);
  }

  /** Pages back until the message numbered `seq` is held; false if it cannot be. */
  loadOlderUntil(seq: number): Promise<boolean> {
    return loadOlderUntil(this.code, this.store, seq);
  }

  /** Leaves the room for good: the server announces it at once. */
  async leave(): Promise<void> {
    if (this.socket.connected) {
      await this.socket.timeout(2_000).emitWithAck("room:leave").catch(() => undefined);
    }
    this.close();
  }

  close(): void {
    this.typing.clear();
    this.connection.close();
  }

  private listen(): void {
    const socket = this.socket;
    socket.on("session:ended", (reason) => this.store.update({ refusal: reason }));
    socket.on("room:snapshot", (snapshot) => this.onSnapshot(snapshot));
    socket.on("message:created", (message) => {
      this.typing.forget(message.author.name);
      this.catchUp.live(message);
    });
    socket.on("message:updated", (message) => this.catchUp.changed(message));
    socket.on("member:joined", ({ member, members }) => this.store.memberChanged(member, members, "joined"));
    socket.on("member:left", ({ member, members }) => {
      this.typing.forget(member.name);
      this.store.memberChanged(member, members, "left");
    });
    // A drop within the grace period and the return from it change the list, and announce nothing.
    socket.on("member:updated", ({ members }) => this.store.update({ members }));
    // Your own name comes from your other tabs in the room: they are not someone else typing.
    socket.on("member:typing", ({ name, typing }) => {
      if (name !== this.store.getSnapshot().you?.name) this.typing.heard(name, typing);
    });
  }

  private onSnapshot(snapshot: RoomSnapshot): void {
    if (this.store.getSnapshot().you === null) {
      this.store.start(snapshot);
      this.settleOpening(null);
    } else {
      this.catchUp.resumed(snapshot);
    }
    void this.delivery.flush();
  }

  private linkChanged({ status, retry }: LinkState): void {
    this.store.update(status === "connected" ? { status, retry, refusal: null } : { status, retry });
    // A first join refused for now (room_full, say) is retried by the room page, which says so.
    if (retry !== null) this.settleOpening(null);
  }

  private refused(error: ApiError): void {
    this.store.update({ refusal: error });
    this.settleOpening(error);
  }

  private settleOpening(error: ApiError | null): void {
    if (error === null) this.opening?.resolve();
    else this.opening?.reject(error);
    this.opening = null;
  }
}
