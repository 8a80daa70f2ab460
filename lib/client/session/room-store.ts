/**
 * What the room page shows, as an external store for React (useSyncExternalStore): members, the
 * messages merged in seq order (each in its newest version, with this browser's queued changes shown
 * over them), notices, the outbox, and the link's state as the connection reports it. No socket here:
 * the parts that talk to the server write into it.
 */
import { nameKey, type ApiError, type Member, type Message, type RoomAction, type RoomSnapshot, type RoomState as RoomControl } from "../../protocol";
import { isMessageEntry, withoutClientIds, type OutboxEntry, type OutboxStorage, type QueueItem } from "../outbox";
import { withPendingChanges } from "../pending-changes";
import { roomActionText } from "../room-notices";
import { advanceSynced, lastSeq, mergeMessages, withQuotes, withQuotesOf, type Notice } from "../timeline";
import type { ConnectionStatus, RetryInfo } from "./connection";

export interface RoomState {
  status: ConnectionStatus;
  /** A refused handshake waiting to be tried again (room_full, rate_limited, ...), for the header to show. */
  retry: RetryInfo | null;
  /** Why the server refused us (room_not_found, name_taken, ...), if it did. */
  refusal: ApiError | null;
  you: RoomSnapshot["you"] | null;
  members: readonly Member[];
  /** As the server last sent them, with this browser's queued edits, deletions and reactions applied. */
  messages: readonly Message[];
  notices: readonly Notice[];
  /** Own messages not acknowledged yet (pending) or refused for good (failed), oldest first. */
  outbox: readonly OutboxEntry[];
  hasOlder: boolean;
  loadingOlder: boolean;
  /** Its owner, lock, passphrase, lifetime and kicked list (issue 19); null before the first snapshot. */
  room: RoomControl | null;
}

/** Changes that came for messages not held, kept this long in case a page read before them brings the message. */
const UNHELD_CHANGES_KEPT = 500;

export class RoomStore {
  private state: RoomState;
  private readonly listeners = new Set<() => void>();
  private noticeCount = 0;
  /** Every message from the first one loaded up to this seq is held, without a gap. */
  private synced = 0;
  /**
   * Every change up to this number has been seen: applied to the message if held, else remembered a
   * while (`unheld`) for a page read before it; a message loaded later is read in its current state.
   */
  private changesSynced = 0;
  /** The messages as the server sent them, in seq order. */
  private held: readonly Message[] = [];
  /** Messages and changes not acknowledged yet, in the order made. */
  private queue: readonly QueueItem[];
  /**
   * The newest copy of messages not held that changed meanwhile: a page of older history, or the first
   * snapshot, may have been read before the change and arrive after its broadcast.
   */
  private readonly unheld = new Map<string, Message>();
  /** Members just kicked (name keys): the member:left that follows the kick's notice announces nothing more. */
  private readonly justKicked = new Set<string>();

  constructor(
    private readonly code: string,
    private readonly outboxStorage: OutboxStorage,
  ) {
    // What an earlier page (reload, crash) left unsent is sent again, as it was.
    this.queue = outboxStorage.load(code);
    this.state = {
      status: "connecting",
      retry: null,
      refusal: null,
      you: null,
      members: [],
      messages: [],
      notices: [],
      outbox: this.queue.filter(isMessageEntry),
      hasOlder: false,
      loadingOlder: false,
      room: null,
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): RoomState => this.state;

  get syncedSeq(): number {
    return this.synced;
  }

  /** The change number the change feed resumes from. */
  get syncedChange(): number {
    return this.changesSynced;
  }

  /** The messages as the server last sent them (without queued changes). */
  get storedMessages(): readonly Message[] {
    return this.held;
  }

  get pending(): readonly QueueItem[] {
    return this.queue;
  }

  /** Whether the first snapshot has come: before it, nothing says where the room's history starts. */
  get started(): boolean {
    return this.state.you !== null;
  }

  /** The first snapshot: the room as it is now, and the points from which nothing may be missed. */
  start(snapshot: RoomSnapshot): void {
    this.update({ you: snapshot.you, members: snapshot.members, hasOlder: snapshot.hasOlder, room: snapshot.room });
    this.addMessages(snapshot.messages, { restored: false });
    // A live message may have come before the snapshot that does not hold it yet.
    this.synced = advanceSynced(this.held, lastSeq(snapshot.messages));
    this.changesSynced = Math.max(this.changesSynced, snapshot.lastChange);
    this.addNotice("You joined the room", this.synced);
  }

  /** Merges messages, settles the outbox entries they answer, and returns how many are new (own ones excluded if `restored`). */
  addMessages(messages: readonly Message[], { restored }: { restored: boolean }): number {
    const pending = new Set(this.state.outbox.map((entry) => entry.clientId));
    // A stored message settles its outbox entry, whether it came as an ack, a broadcast or a catch-up.
    this.setQueue(withoutClientIds(this.queue, new Set(messages.map((message) => message.clientId))));
    const incoming = messages.map((message) => this.newest(message));
    let merged = mergeMessages(this.held, incoming);
    if (merged === this.held) return 0;
    // Quotes come from the newest copy known of the message they answer, never from an older one:
    // the replies held, of each changed message that came; and the replies that came, of theirs.
    const changed = incoming.filter((message) => message.version > 0);
    const replies = new Set(incoming.filter((message) => message.replyTo !== null).map((message) => message.id));
    if (changed.length > 0 || replies.size > 0) {
      // Only then: a page of messages as sent (most of them) needs no index of the whole timeline.
      const byId = new Map(merged.map((message) => [message.id, message]));
      for (const message of changed) merged = withQuotesOf(merged, byId.get(message.id)!);
      if (replies.size > 0) merged = withQuotes(merged, (reply) => (replies.has(reply.id) ? this.newestKnown(reply.replyTo!.id, byId) : undefined));
    }
    const known = new Set(this.held.map((message) => message.id));
    const fresh = messages.filter((message) => !known.has(message.id));
    this.setHeld(merged);
    this.synced = advanceSynced(merged, this.synced);
    return restored ? fresh.filter((message) => !pending.has(message.clientId)).length : fresh.length;
  }

  /** A message's state after a change: kept if newer than the copy held, remembered if not held at all. */
  applyChange(message: Message): void {
    let held = this.held;
    if (held.some((m) => m.id === message.id)) held = mergeMessages(held, [message]);
    else this.rememberUnheld(message);
    // A copy older than the one known (changes from two instances can cross) must not set the quotes.
    const newest = held.find((m) => m.id === message.id) ?? this.unheld.get(message.id) ?? message;
    this.setHeld(withQuotesOf(held, newest));
  }

  /** Server pages are gap-free from the seq they were asked after: everything up to their last one is held. */
  syncedThrough(seq: number): void {
    this.synced = Math.max(this.synced, seq);
  }

  /** Every change up to `version` is applied. */
  changesSyncedThrough(version: number): void {
    this.changesSynced = Math.max(this.changesSynced, version);
  }

  memberChanged(member: Member, members: readonly Member[], verb: "joined" | "left"): void {
    this.update({ members });
    if (verb === "left" && this.justKicked.delete(nameKey(member.name))) return;
    this.addNotice(`${member.name} ${verb} the room`, lastSeq(this.state.messages));
  }

  /** The room's new state, and the notice of what its owner did, if it says. */
  roomChanged(room: RoomControl, action?: RoomAction): void {
    this.update({ room });
    if (action === undefined) return;
    if (action.kind === "kicked") this.justKicked.add(nameKey(action.name));
    this.addNotice(roomActionText(action));
  }

  addNotice(text: string, afterSeq = lastSeq(this.state.messages)): void {
    this.noticeCount += 1;
    const notice: Notice = { id: String(this.noticeCount), text, afterSeq, at: new Date().toISOString() };
    this.update({ notices: [...this.state.notices, notice] });
  }

  setQueue(queue: readonly QueueItem[]): void {
    if (queue === this.queue) return;
    this.queue = queue;
    this.outboxStorage.save(this.code, queue);
    const outbox = queue.filter(isMessageEntry);
    this.update({ outbox: sameItems(outbox, this.state.outbox) ? this.state.outbox : outbox, messages: this.view() });
  }

  update(patch: Partial<RoomState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  private setHeld(held: readonly Message[]): void {
    if (held === this.held) return;
    this.held = held;
    this.update({ messages: this.view() });
  }

  private view(): readonly Message[] {
    return withPendingChanges(this.held, this.queue, this.state.you?.name ?? null);
  }

  /** The newest copy known of a message: the one held, or one remembered while it is not held. */
  private newestKnown(id: string, held: ReadonlyMap<string, Message>): Message | undefined {
    const copy = held.get(id);
    const remembered = this.unheld.get(id);
    if (copy === undefined || remembered === undefined) return copy ?? remembered;
    return remembered.version > copy.version ? remembered : copy;
  }

  private newest(message: Message): Message {
    const later = this.unheld.get(message.id);
    if (later === undefined) return message;
    this.unheld.delete(message.id);
    return later.version > message.version ? later : message;
  }

  private rememberUnheld(message: Message): void {
    const known = this.unheld.get(message.id);
    if (known !== undefined && known.version >= message.version) return;
    this.unheld.delete(message.id);
    this.unheld.set(message.id, message);
    if (this.unheld.size > UNHELD_CHANGES_KEPT) this.unheld.delete(this.unheld.keys().next().value!);
  }
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}
