/**
 * The ChatStore contract for messages that change (issue 17): replies, edits, deletions, reactions and
 * the change feed, the same for every backend. A backend's test file calls runChangeContract with the
 * factory it gives runStoreContract.
 */
import type { Message } from "@/lib/protocol";
import type { ChangeInput, ChatStore, MessageChangeOutcome, NewMessage } from "@/lib/store/types";
import { stored } from "./store-contract";

const ROOM = "ROOMAAAAA";
const OTHER_ROOM = "ROOMBBBBB";
const ANA = { memberId: "author-a", name: "Ana" };
const BOB = { memberId: "author-b", name: "Bob" };

/** A change that must have been applied (or found applied). */
function applied(outcome: MessageChangeOutcome): { message: Message; changed: boolean; bytesDelta: number } {
  if (typeof outcome === "string") throw new Error(`unexpected refusal: ${outcome}`);
  return outcome;
}

export function runChangeContract(name: string, open: () => Promise<{ store: ChatStore; cleanup(): Promise<void> }>): void {
  describe(`ChatStore contract, changes to messages: ${name}`, () => {
    let store: ChatStore;
    let cleanup: () => Promise<void>;
    let counter = 0;

    beforeEach(async () => {
      ({ store, cleanup } = await open());
      await store.createRoom(ROOM, new Date());
      await store.createRoom(OTHER_ROOM, new Date());
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    async function post(by = ANA, overrides: Partial<NewMessage> = {}): Promise<Message> {
      counter += 1;
      const input: NewMessage = {
        roomCode: ROOM,
        authorId: by.memberId,
        authorName: by.name,
        clientId: `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`,
        text: `message ${counter}`,
        createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, counter % 60)),
        ...overrides,
      };
      const result = stored(await store.appendMessage(input));
      if (result === null) throw new Error("room missing");
      return result.message;
    }

    const at = new Date("2026-02-01T10:00:00.000Z");
    const edit = (message: Message, text: string, by = ANA): Promise<MessageChangeOutcome> =>
      store.changeMessage({ kind: "edit", roomCode: message.roomCode, messageId: message.id, memberId: by.memberId, text, at });
    const remove = (message: Message, by = ANA): Promise<MessageChangeOutcome> =>
      store.changeMessage({ kind: "delete", roomCode: message.roomCode, messageId: message.id, memberId: by.memberId, at });
    const react = (message: Message, emoji: string, add: boolean, by = ANA): Promise<MessageChangeOutcome> =>
      store.changeMessage({ kind: "react", roomCode: message.roomCode, messageId: message.id, memberId: by.memberId, name: by.name, emoji, add, at });
    const current = async (message: Message): Promise<Message | undefined> =>
      (await store.listMessages(ROOM, { limit: 100 })).messages.find((m) => m.id === message.id);

    it("stores a new message unchanged: version 0, no edit, no deletion, no reply, no reactions", async () => {
      const message = await post();
      expect(message).toMatchObject({ version: 0, editedAt: null, deletedAt: null, replyTo: null, reactions: [] });
      expect(await store.lastChange(ROOM)).toBe(0);
    });

    it("lets the author edit: new text, editedAt, the room's next change number; the same text again changes nothing", async () => {
      const message = await post();
      const edited = applied(await edit(message, "fixed typo"));
      expect(edited).toMatchObject({ changed: true, message: { id: message.id, seq: message.seq, text: "fixed typo", editedAt: at.toISOString(), version: 1 } });
      expect(await current(message)).toEqual(edited.message);
      // A retried edit: the same final state, no new version.
      expect(applied(await edit(message, "fixed typo"))).toEqual({ message: edited.message, changed: false, bytesDelta: 0 });
      expect(await store.lastChange(ROOM)).toBe(1);
    });

    it("refuses an edit or a deletion by anyone but the author, and an unknown id or one of another room", async () => {
      const message = await post(ANA);
      expect(await edit(message, "mine now", BOB)).toBe("forbidden");
      expect(await remove(message, BOB)).toBe("forbidden");
      expect(await store.changeMessage({ kind: "edit", roomCode: ROOM, messageId: "00000000-0000-7000-8000-000000000000", memberId: ANA.memberId, text: "x", at })).toBe("message_not_found");
      expect(await store.changeMessage({ kind: "delete", roomCode: OTHER_ROOM, messageId: message.id, memberId: ANA.memberId, at })).toBe("message_not_found");
      expect(await store.changeMessage({ kind: "react", roomCode: OTHER_ROOM, messageId: message.id, memberId: BOB.memberId, name: "Bob", emoji: "👍", add: true, at })).toBe("message_not_found");
      expect(await current(message)).toEqual(message);
      expect(await store.lastChange(ROOM)).toBe(0);
    });

    it("deletes for good: text, reactions and bytes go; a second delete changes nothing; edits and reactions are refused after", async () => {
      const before = await store.storedBytes();
      const message = await post(ANA, { text: "secret 12345" });
      applied(await react(message, "👍", true, BOB));
      // Text and reactions both count against the quotas.
      expect(await store.storedBytes()).toBeGreaterThan(before + Buffer.byteLength("secret 12345"));
      const deleted = applied(await remove(message));
      expect(deleted).toMatchObject({ changed: true, message: { text: "", deletedAt: at.toISOString(), reactions: [], version: 2 } });
      expect(await store.storedBytes()).toBe(before);
      expect(applied(await remove(message))).toEqual({ message: deleted.message, changed: false, bytesDelta: 0 });
      expect(await edit(message, "back")).toBe("message_not_found");
      expect(await react(message, "👍", true, BOB)).toBe("message_not_found");
      expect(await current(message)).toEqual(deleted.message);
    });

    it("keeps reactions per emoji in first-use order, names sorted, one per member and emoji", async () => {
      const message = await post();
      applied(await react(message, "👍", true, BOB));
      applied(await react(message, "🎉", true, ANA));
      const both = applied(await react(message, "👍", true, ANA));
      expect(both.message.reactions).toEqual([
        { emoji: "👍", names: ["Ana", "Bob"] },
        { emoji: "🎉", names: ["Ana"] },
      ]);
      // Adding what one holds, or removing what one does not, changes nothing.
      expect(applied(await react(message, "👍", true, BOB))).toEqual({ message: both.message, changed: false, bytesDelta: 0 });
      expect(applied(await react(message, "😮", false, BOB))).toEqual({ message: both.message, changed: false, bytesDelta: 0 });
      const removed = applied(await react(message, "🎉", false, ANA));
      expect(removed.message.reactions).toEqual([{ emoji: "👍", names: ["Ana", "Bob"] }]);
      expect(removed.message.version).toBe(4);
    });

    it("holds a message to 20 distinct emoji, while more people may still join one of them", async () => {
      const message = await post();
      const emoji = Array.from({ length: 21 }, (_, i) => String.fromCodePoint(0x1f600 + i));
      for (const e of emoji.slice(0, 20)) applied(await react(message, e, true));
      expect(await react(message, emoji[20]!, true)).toBe("too_many_reactions");
      const joined = applied(await react(message, emoji[0]!, true, BOB));
      expect(joined.message.reactions).toHaveLength(20);
      expect(joined.message.reactions[0]).toEqual({ emoji: emoji[0], names: ["Ana", "Bob"] });
    });

    it("stores a reply with what it shows of the answered message, kept current through edits and deletion", async () => {
      const original = await post(BOB, { text: `${"a".repeat(99)}😀 and more` });
      const reply = await post(ANA, { replyTo: original.id });
      const quoted = { id: original.id, seq: original.seq, author: original.author, excerpt: `${"a".repeat(99)}😀` };
      expect(reply.replyTo).toEqual(quoted);
      expect((await current(reply))?.replyTo).toEqual(quoted);
      applied(await edit(original, "short now", BOB));
      expect((await current(reply))?.replyTo?.excerpt).toBe("short now");
      applied(await remove(original, BOB));
      expect((await current(reply))?.replyTo).toEqual({ ...quoted, excerpt: "" });
      // The reply itself did not change.
      expect((await current(reply))?.version).toBe(0);
    });

    it("refuses a reply to a message that is not in the room; a deleted one may still be answered", async () => {
      const elsewhere = stored(await store.appendMessage({ roomCode: OTHER_ROOM, authorId: "x", authorName: "X", clientId: "00000000-0000-4000-8000-ffffffffffff", text: "t", createdAt: new Date() }));
      expect(await store.appendMessage({ roomCode: ROOM, authorId: ANA.memberId, authorName: "Ana", clientId: "00000000-0000-4000-8000-fffffffffff1", text: "t", createdAt: new Date(), replyTo: elsewhere!.message.id })).toBe("reply_not_found");
      expect(await store.appendMessage({ roomCode: ROOM, authorId: ANA.memberId, authorName: "Ana", clientId: "00000000-0000-4000-8000-fffffffffff2", text: "t", createdAt: new Date(), replyTo: "00000000-0000-7000-8000-000000000000" })).toBe("reply_not_found");
      const gone = await post(BOB);
      applied(await remove(gone, BOB));
      expect((await post(ANA, { replyTo: gone.id })).replyTo).toMatchObject({ id: gone.id, excerpt: "" });
    });

    it("serves the change feed by version, each changed message once in its latest state, a page at a time", async () => {
      const [m1, m2, m3] = [await post(), await post(), await post()];
      applied(await edit(m1!, "one"));
      applied(await react(m2!, "👍", true, BOB));
      applied(await edit(m1!, "one again"));
      applied(await remove(m3!));
      const all = await store.listChangesAfter(ROOM, 0, 10);
      expect(all.hasMore).toBe(false);
      expect(all.messages.map((m) => [m.id, m.version])).toEqual([
        [m2!.id, 2],
        [m1!.id, 3],
        [m3!.id, 4],
      ]);
      expect(all.messages[1]?.text).toBe("one again");
      const first = await store.listChangesAfter(ROOM, 0, 2);
      expect(first).toMatchObject({ hasMore: true, messages: [{ version: 2 }, { version: 3 }] });
      expect(await store.listChangesAfter(ROOM, 3, 2)).toMatchObject({ hasMore: false, messages: [{ id: m3!.id }] });
      expect(await store.listChangesAfter(ROOM, 4, 10)).toEqual({ messages: [], hasMore: false });
      expect(await store.listChangesAfter(OTHER_ROOM, 0, 10)).toEqual({ messages: [], hasMore: false });
    });

    it("numbers concurrent changes of a room gap-free, and the history shows the final state", async () => {
      const message = await post();
      const people = Array.from({ length: 30 }, (_, i) => ({ memberId: `member-${i}`, name: `P${String(i).padStart(2, "0")}` }));
      const outcomes = await Promise.all(people.map((person) => react(message, "👍", true, person)));
      const versions = outcomes.map((outcome) => applied(outcome).message.version);
      expect(new Set(versions).size).toBeGreaterThan(0);
      expect(await store.lastChange(ROOM)).toBe(30);
      const final = await current(message);
      expect(final?.version).toBe(30);
      expect(final?.reactions).toEqual([{ emoji: "👍", names: people.map((p) => p.name) }]);
    });

    it("counts reactions against the room's quota, and gives their bytes back when they go", async () => {
      const message = await post(ANA, { text: "x".repeat(4000) });
      const before = await store.storedBytes();
      applied(await react(message, "👍", true, BOB));
      const withOne = await store.storedBytes();
      expect(withOne).toBeGreaterThan(before);
      // The contract's room quota is 4,096 bytes: a few reactions fill what the text left.
      const people = Array.from({ length: 10 }, (_, i) => ({ memberId: `m-${i}`, name: `Person number ${i}` }));
      const outcomes = [];
      for (const person of people) outcomes.push(await react(message, "🎉", true, person));
      expect(outcomes).toContain("quota_exceeded");
      applied(await react(message, "👍", false, BOB));
      applied(await react(message, "🎉", false, people[0]!));
      const reactionsLeft = (await current(message))!.reactions;
      for (const reaction of reactionsLeft) for (const name of reaction.names) applied(await react(message, reaction.emoji, false, people.find((p) => p.name === name)!));
      expect(await store.storedBytes()).toBe(before);
    });

    it("holds an edit that adds text to the room's quota", async () => {
      // The contract's room quota is 4,096 bytes.
      const message = await post(ANA, { text: "x".repeat(4000) });
      const small = await post(ANA, { text: "y" });
      expect(await edit(small, "y".repeat(200))).toBe("quota_exceeded");
      expect(applied(await edit(message, "x".repeat(100))).changed).toBe(true);
      expect(applied(await edit(small, "y".repeat(200))).message.text).toHaveLength(200);
    });

    it("applies a batch of changes to one message in order", async () => {
      const message = await post();
      const changes: ChangeInput[] = ["1", "2", "3"].map((n) => ({ kind: "edit", roomCode: ROOM, messageId: message.id, memberId: ANA.memberId, text: `v${n}`, at }));
      const outcomes = await Promise.all(changes.map((change) => store.changeMessage(change)));
      expect(outcomes.map((outcome) => applied(outcome).message.text)).toEqual(["v1", "v2", "v3"]);
      expect((await current(message))?.text).toBe("v3");
    });
  });
}
