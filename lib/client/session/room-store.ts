/**
 * What the room page shows, as an external store for React (useSyncExternalStore): members, the
 * messages merged in seq order, notices, the outbox, and the link's state as the connection reports
 * it. No socket here: the parts that talk to the server write into it.
 */
import type { ApiError, Member, Message, RoomSnapshot } from "../../protocol";
import type { OutboxEntry, OutboxStorage } from "../outbox";
import { withoutClientIds } from "../outbox";
import { advanceSynced, lastSeq, mergeMessages, type Notice } from "../timeline";
import type { ConnectionStatus, RetryInfo } from "./connection";

export interface RoomState {
  status: ConnectionStatus;
  /** A refused handshake waiting to be tried again (room_full, rate_limited, ...), for the header to show. */
  retry: RetryInfo | null;
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

export class RoomStore {
  private state: RoomState;
  private readonly listeners = new Set<() => void>();
  private noticeCount = 0;
  /** Every message from the first one loaded up to this seq is held, without a gap. */
  private synced = 0;

  constructor(
    private readonly code: string,
    private readonly outboxStorage: OutboxStorage,
  ) {
    // Messages left unsent by an earlier page (reload, crash) are sent again, as they were.
    const outbox = outboxStorage.load(code);
    this.state = { status: "connecting", retry: null, refusal: null, you: null, members: [], messages: [], notices: [], outbox, hasOlder: false, loadingOlder: false };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): RoomState => this.state;

  get syncedSeq(): number {
    return this.synced;
  }

  /** The first snapshot: the room as it is now, and the point from which nothing may be missed. */
  start(snapshot: RoomSnapshot): void {
    this.addMessages(snapshot.messages, { restored: false });
    this.synced = lastSeq(snapshot.messages);
    this.update({ you: snapshot.you, members: snapshot.members, hasOlder: snapshot.hasOlder });
    this.addNotice("You joined the room", this.synced);
  }

  /** Merges messages, settles the outbox entries they answer, and returns how many are new (own ones excluded if `restored`). */
  addMessages(messages: readonly Message[], { restored }: { restored: boolean }): number {
    const pending = new Set(this.state.outbox.map((entry) => entry.clientId));
    // A stored message settles its outbox entry, whether it came as an ack, a broadcast or a catch-up.
    this.setOutbox(withoutClientIds(this.state.outbox, new Set(messages.map((message) => message.clientId))));
    const merged = mergeMessages(this.state.messages, messages);
    if (merged === this.state.messages) return 0;
    const known = new Set(this.state.messages.map((message) => message.id));
    const fresh = messages.filter((message) => !known.has(message.id));
    this.update({ messages: merged });
    this.synced = advanceSynced(merged, this.synced);
    return restored ? fresh.filter((message) => !pending.has(message.clientId)).length : fresh.length;
  }

  /** Server pages are gap-free from the seq they were asked after: everything up to their last one is held. */
  syncedThrough(seq: number): void {
    this.synced = Math.max(this.synced, seq);
  }

  memberChanged(member: Member, members: readonly Member[], verb: "joined" | "left"): void {
    this.update({ members });
    this.addNotice(`${member.name} ${verb} the room`, lastSeq(this.state.messages));
  }

  addNotice(text: string, afterSeq = lastSeq(this.state.messages)): void {
    this.noticeCount += 1;
    const notice: Notice = { id: String(this.noticeCount), text, afterSeq, at: new Date().toISOString() };
    this.update({ notices: [...this.state.notices, notice] });
  }

  setOutbox(outbox: readonly OutboxEntry[]): void {
    if (outbox === this.state.outbox) return;
    this.outboxStorage.save(this.code, outbox);
    this.update({ outbox });
  }

  update(patch: Partial<RoomState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}
