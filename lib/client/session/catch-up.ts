/**
 * Keeps the timeline whole and current (docs/protocol.md#delivery-guarantees-and-limits): after any
 * reconnect, or when a live message skips a seq, it asks for everything after the highest seq held
 * without a gap (`syncedSeq`), page by page, so that every message is shown exactly once and in order;
 * then for every message changed after the highest change number applied (`syncedChange`), so that
 * no edit, deletion or reaction made while away is missed, on any message held, however old. A live
 * change that skips a number starts the same. Like matrix-js-sdk's SyncApi, it fills the timeline
 * (RoomStore) and knows nothing of how it is drawn.
 */
import { HISTORY_PAGE_MAX, type Ack, type Message, type RoomSnapshot } from "../../protocol";
import { isRetried, retryDelay } from "../error-reactions";
import { lastSeq } from "../timeline";
import type { ChatClientSocket } from "./connection";
import type { RoomStore } from "./room-store";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class CatchUp {
  private running = false;
  private again = false;

  constructor(
    private readonly socket: Pick<ChatClientSocket, "connected" | "timeout">,
    private readonly store: RoomStore,
    private readonly ackTimeoutMs: number,
  ) {}

  /** Every snapshot after the first: what it holds now, then whatever was missed while away. */
  resumed(snapshot: RoomSnapshot): void {
    const added = this.store.addMessages(snapshot.messages, { restored: true });
    this.store.update({ you: snapshot.you, members: snapshot.members, room: snapshot.room });
    void this.run(added);
  }

  live(message: Message): void {
    this.store.addMessages([message], { restored: false });
    // Before the first snapshot nothing says where the room's history starts: it will.
    if (!this.store.started) return;
    // A seq beyond the next expected one means something was missed: fetch the gap.
    if (message.seq > this.store.syncedSeq + 1) void this.run(0);
  }

  /** A change broadcast (or acknowledged): applied if newer; a skipped change number means one was missed. */
  changed(message: Message): void {
    this.store.applyChange(message);
    if (!this.store.started) return;
    const synced = this.store.syncedChange;
    if (message.version === synced + 1) this.store.changesSyncedThrough(message.version);
    else if (message.version > synced + 1) void this.run(0);
  }

  /** Fetches everything after syncedSeq, page by page; reports how many messages it brought back. */
  private async run(alreadyRestored: number): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    const count = { restored: alreadyRestored };
    try {
      do {
        this.again = false;
        await this.fetchAll(count);
        await this.fetchChanges();
      } while (this.again && this.socket.connected);
    } catch {
      // No answer: the connection is broken. The next reconnect catches up from the same seq.
    } finally {
      this.running = false;
    }
    const { restored } = count;
    if (restored > 0) this.store.addNotice(`${restored} missed ${restored === 1 ? "message" : "messages"} restored`);
  }

  /** Every message after syncedSeq, page by page. */
  private fetchAll(count: { restored: number }): Promise<void> {
    return this.readPages(
      () => this.socket.timeout(this.ackTimeoutMs).emitWithAck("messages:since", { afterSeq: this.store.syncedSeq, limit: HISTORY_PAGE_MAX }),
      (messages) => {
        count.restored += this.store.addMessages(messages, { restored: true });
        this.store.syncedThrough(lastSeq(messages));
      },
    );
  }

  /** Brings every held message up to date from the change feed, page by page. */
  private fetchChanges(): Promise<void> {
    return this.readPages(
      () => this.socket.timeout(this.ackTimeoutMs).emitWithAck("changes:since", { afterVersion: this.store.syncedChange, limit: HISTORY_PAGE_MAX }),
      (messages) => {
        for (const message of messages) this.store.applyChange(message);
        const last = messages.at(-1);
        if (last !== undefined) this.store.changesSyncedThrough(last.version);
      },
    );
  }

  /** Asks for page after page while `hasMore`; a refusal that is retried (reading too fast, say) waits as told, then goes on from where it is. */
  private async readPages(ask: () => Promise<Ack<{ messages: Message[]; hasMore: boolean }>>, take: (messages: Message[]) => void): Promise<void> {
    let hasMore = true;
    let refusalsInARow = 0;
    while (hasMore && this.socket.connected) {
      const page = await ask();
      if (!page.ok) {
        if (!isRetried(page.error.code)) break;
        await wait(retryDelay(++refusalsInARow, page.error.retryAfterMs));
        continue;
      }
      refusalsInARow = 0;
      take(page.data.messages);
      hasMore = page.data.hasMore;
    }
  }
}
