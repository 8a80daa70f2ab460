/**
 * Sends what people do (docs/protocol.md#delivery-guarantees-and-limits): each message, edit, deletion
 * and reaction goes to the outbox, kept in storage, and is sent in order, one at a time, until it is
 * acknowledged or refused for good. A message keeps a fixed clientId on every attempt, and waits for
 * Retry or Discard if refused; a refused change leaves the queue and the room says why.
 */
import { MessageTextSchema, firstIssue, type Ack, type ApiError, type Message } from "../../protocol";
import { reactionEmoji } from "../../protocol-text";
import { isRetried, retryDelay } from "../error-reactions";
import { newClientId } from "../ids";
import { isMessageEntry, nextToSend, updateEntry, withoutClientIds, type OutboxEntry, type QueueItem, type QueuedChange } from "../outbox";
import type { ChatClientSocket } from "./connection";
import type { RoomStore } from "./room-store";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the room says when the server refuses a change for good. */
const REFUSED_CHANGE: Record<QueuedChange["kind"], string> = {
  edit: "Your edit was not saved",
  delete: "The message was not deleted",
  react: "Your reaction was not saved",
};

export interface DeliveryEvents {
  /** A change acknowledged: the message's state after it. */
  changed(message: Message): void;
  /** A change refused for good, in words for the room's timeline. */
  refused(notice: string): void;
}

export class Delivery {
  private flushing = false;

  constructor(
    private readonly socket: Pick<ChatClientSocket, "connected" | "timeout">,
    private readonly store: RoomStore,
    private readonly ackTimeoutMs: number,
    private readonly events: DeliveryEvents,
  ) {}

  /** Queues a message. Refuses at once only what the server would refuse for good (empty, too long). */
  send(text: string, replyTo?: string): Promise<Ack<OutboxEntry>> {
    const parsed = MessageTextSchema.safeParse(text);
    if (!parsed.success) return Promise.resolve({ ok: false, error: { code: "invalid_payload", message: firstIssue(parsed.error) } });
    const entry: OutboxEntry = { clientId: newClientId(), text: parsed.data, createdAt: new Date().toISOString(), status: "pending", ...(replyTo === undefined ? {} : { replyTo }) };
    this.enqueue(entry);
    return Promise.resolve({ ok: true, data: entry });
  }

  /** Queues an edit; refuses at once a text the server would refuse. */
  edit(messageId: string, text: string): Promise<Ack<null>> {
    const parsed = MessageTextSchema.safeParse(text);
    if (!parsed.success) return Promise.resolve({ ok: false, error: { code: "invalid_payload", message: firstIssue(parsed.error) } });
    this.enqueue(this.change({ kind: "edit", messageId, text: parsed.data }));
    return Promise.resolve({ ok: true, data: null });
  }

  deleteMessage(messageId: string): void {
    this.enqueue(this.change({ kind: "delete", messageId }));
  }

  /** Adds the emoji if `add`, else removes it; anything but one emoji is ignored (the picker offers only those). */
  react(messageId: string, emoji: string, add: boolean): void {
    const canonical = reactionEmoji(emoji);
    if (canonical !== null) this.enqueue(this.change({ kind: "react", messageId, emoji: canonical, add }));
  }

  /** Sends a failed message again (same clientId: it cannot end up stored twice). */
  retry(clientId: string): void {
    this.store.setQueue(updateEntry(this.queue(), clientId, { status: "pending", error: undefined }));
    void this.flush();
  }

  discard(clientId: string): void {
    this.store.setQueue(withoutClientIds(this.queue(), new Set([clientId])));
  }

  /** Sends the outbox in order, one item at a time, until it is empty or the connection fails. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    let refusalsInARow = 0;
    try {
      for (let item = nextToSend(this.queue()); item !== undefined && this.socket.connected; item = nextToSend(this.queue())) {
        let result: Ack<Message>;
        this.release(item);
        try {
          result = await this.emit(item);
        } catch {
          continue; // No ack in time: send again while connected, else after reconnecting.
        }
        if (result.ok) {
          refusalsInARow = 0;
          this.settled(item, result.data);
        } else if (isRetried(result.error.code)) await this.holdBack(item, result.error, retryDelay(++refusalsInARow, result.error.retryAfterMs));
        else this.refused(item, result.error);
      }
    } finally {
      this.flushing = false;
    }
  }

  private emit(item: QueueItem): Promise<Ack<Message>> {
    const socket = this.socket.timeout(this.ackTimeoutMs);
    if (isMessageEntry(item)) return socket.emitWithAck("message:send", { text: item.text, clientId: item.clientId, ...(item.replyTo === undefined ? {} : { replyTo: item.replyTo }) });
    switch (item.kind) {
      case "edit":
        return socket.emitWithAck("message:edit", { id: item.messageId, text: item.text ?? "" });
      case "delete":
        return socket.emitWithAck("message:delete", { id: item.messageId });
      case "react":
        return socket.emitWithAck(item.add === false ? "reaction:remove" : "reaction:add", { messageId: item.messageId, emoji: item.emoji ?? "" });
    }
  }

  /** Waits out a refusal that is retried; a message says meanwhile why it waits and until when. */
  private holdBack(item: QueueItem, error: ApiError, delayMs: number): Promise<unknown> {
    if (isMessageEntry(item)) this.store.setQueue(updateEntry(this.queue(), item.clientId, { error, retryAt: Date.now() + delayMs }));
    return wait(delayMs);
  }

  /** About to be sent: no longer held back (also after a reload that ended the wait early). */
  private release(item: QueueItem): void {
    if (isMessageEntry(item) && item.retryAt !== undefined) this.store.setQueue(updateEntry(this.queue(), item.clientId, { error: undefined, retryAt: undefined }));
  }

  private settled(item: QueueItem, message: Message): void {
    if (isMessageEntry(item)) return void this.store.addMessages([message], { restored: false });
    // The server's copy first, then the queued change goes: the view never shows the old state between.
    this.events.changed(message);
    this.store.setQueue(withoutClientIds(this.queue(), new Set([item.clientId])));
  }

  private refused(item: QueueItem, error: ApiError): void {
    if (isMessageEntry(item)) return void this.store.setQueue(updateEntry(this.queue(), item.clientId, { status: "failed", error }));
    this.store.setQueue(withoutClientIds(this.queue(), new Set([item.clientId])));
    this.events.refused(`${REFUSED_CHANGE[item.kind]}: ${error.message}`);
  }

  private change(fields: Pick<QueuedChange, "kind" | "messageId"> & Partial<QueuedChange>): QueuedChange {
    return { ...fields, clientId: newClientId(), createdAt: new Date().toISOString(), status: "pending" };
  }

  private enqueue(item: QueueItem): void {
    this.store.setQueue([...this.queue(), item]);
    void this.flush();
  }

  private queue(): readonly QueueItem[] {
    return this.store.pending;
  }
}
