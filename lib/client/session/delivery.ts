/**
 * Sends what people type (docs/protocol.md#delivery-guarantees-and-limits): each message goes to the
 * outbox, kept in storage, and is sent in order, one at a time, with a fixed clientId, until it is
 * acknowledged or refused for good (then it waits for Retry or Discard).
 */
import { MessageTextSchema, firstIssue, type Ack, type Message } from "../../protocol";
import { isRetried, retryDelay } from "../error-reactions";
import { newClientId } from "../ids";
import { nextToSend, updateEntry, withoutClientIds, type OutboxEntry } from "../outbox";
import type { ChatClientSocket } from "./connection";
import type { RoomStore } from "./room-store";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Delivery {
  private flushing = false;

  constructor(
    private readonly socket: Pick<ChatClientSocket, "connected" | "timeout">,
    private readonly store: RoomStore,
    private readonly ackTimeoutMs: number,
  ) {}

  /** Queues a message. Refuses at once only what the server would refuse for good (empty, too long). */
  send(text: string): Promise<Ack<OutboxEntry>> {
    const parsed = MessageTextSchema.safeParse(text);
    if (!parsed.success) return Promise.resolve({ ok: false, error: { code: "invalid_payload", message: firstIssue(parsed.error) } });
    const entry: OutboxEntry = { clientId: newClientId(), text: parsed.data, createdAt: new Date().toISOString(), status: "pending" };
    this.store.setOutbox([...this.outbox(), entry]);
    void this.flush();
    return Promise.resolve({ ok: true, data: entry });
  }

  /** Sends a failed message again (same clientId: it cannot end up stored twice). */
  retry(clientId: string): void {
    this.store.setOutbox(updateEntry(this.outbox(), clientId, { status: "pending", error: undefined }));
    void this.flush();
  }

  discard(clientId: string): void {
    this.store.setOutbox(withoutClientIds(this.outbox(), new Set([clientId])));
  }

  /** Sends the outbox in order, one message at a time, until it is empty or the connection fails. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    let refusalsInARow = 0;
    try {
      for (let entry = nextToSend(this.outbox()); entry !== undefined && this.socket.connected; entry = nextToSend(this.outbox())) {
        let result: Ack<Message>;
        try {
          result = await this.socket.timeout(this.ackTimeoutMs).emitWithAck("message:send", { text: entry.text, clientId: entry.clientId });
        } catch {
          continue; // No ack in time: send again (same clientId) while connected, else after reconnecting.
        }
        if (result.ok) {
          refusalsInARow = 0;
          this.store.addMessages([result.data], { restored: false });
        } else if (isRetried(result.error.code)) await wait(retryDelay(++refusalsInARow, result.error.retryAfterMs));
        else this.store.setOutbox(updateEntry(this.outbox(), entry.clientId, { status: "failed", error: result.error }));
      }
    } finally {
      this.flushing = false;
    }
  }

  private outbox(): readonly OutboxEntry[] {
    return this.store.getSnapshot().outbox;
  }
}
