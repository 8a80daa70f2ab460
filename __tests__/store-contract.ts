/**
 * The behaviour every ChatStore backend must have. A backend's test file calls runStoreContract with a
 * factory that opens a fresh, empty store (a real database, never an in-memory stand-in).
 */
import type { AppendOutcome, AppendResult, ChatStore, NewMessage } from "@/lib/store/types";

/** The per-room quota every backend is opened with in the contract: small enough to reach in a test. */
export const CONTRACT_ROOM_QUOTA_BYTES = 4096;

/** An append that must have been stored (or found stored); null if the room did not exist. */
export function stored(outcome: AppendOutcome | undefined): AppendResult | null {
  if (outcome === "quota_exceeded" || outcome === "reply_not_found") throw new Error(`unexpected refusal: ${outcome}`);
  return outcome ?? null;
}

export function runStoreContract(name: string, open: () => Promise<{ store: ChatStore; reopen(): Promise<ChatStore>; cleanup(): Promise<void> }>): void {
  describe(`ChatStore contract: ${name}`, () => {
    let store: ChatStore;
    let reopen: () => Promise<ChatStore>;
    let cleanup: () => Promise<void>;
    let counter = 0;

    beforeEach(async () => {
      ({ store, reopen, cleanup } = await open());
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    const message = (roomCode: string, overrides: Partial<NewMessage> = {}): NewMessage => {
      counter += 1;
      return {
        roomCode,
        authorId: "author-a",
        authorName: "Ana",
        clientId: `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`,
        text: `message ${counter}`,
        createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, counter % 60)),
        ...overrides,
      };
    };

    it("creates a room once per code", async () => {
      const created = await store.createRoom("ABCDEFGHJ", new Date("2026-01-01T00:00:00.000Z"));
      expect(created).toEqual({ code: "ABCDEFGHJ", createdAt: "2026-01-01T00:00:00.000Z" });
      expect(await store.createRoom("ABCDEFGHJ", new Date())).toBeNull();
      expect(await store.getRoom("ABCDEFGHJ")).toEqual(created);
      expect(await store.getRoom("ZZZZZZZZZ")).toBeNull();
    });

    it("numbers messages 1, 2, 3... per room and returns them as domain objects", async () => {
      await store.createRoom("ROOMAAAAA", new Date());
      await store.createRoom("ROOMBBBBB", new Date());
      const a1 = stored(await store.appendMessage(message("ROOMAAAAA")));
      const b1 = stored(await store.appendMessage(message("ROOMBBBBB")));
      const a2 = stored(await store.appendMessage(message("ROOMAAAAA", { authorId: "author-b", authorName: "Bob", text: "hi <b>x</b>" })));
      expect([a1?.message.seq, b1?.message.seq, a2?.message.seq]).toEqual([1, 1, 2]);
      expect(a2).toMatchObject({
        created: true,
        message: { seq: 2, roomCode: "ROOMAAAAA", author: { name: "Bob" }, text: "hi <b>x</b>" },
      });
      expect(a2?.message.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(a2?.message.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    it("returns null when the room does not exist", async () => {
      expect(await store.appendMessage(message("NOROOM999"))).toBeNull();
    });

    it("stores a retried send once (same room, author and clientId)", async () => {
      await store.createRoom("ROOMAAAAA", new Date());
      const input = message("ROOMAAAAA");
      const first = stored(await store.appendMessage(input));
      const retry = stored(await store.appendMessage({ ...input, text: "changed on retry" }));
      expect(retry).toEqual({ message: first?.message, created: false });
      // The same clientId from another author is a different message.
      const other = stored(await store.appendMessage({ ...input, authorId: "author-b" }));
      expect(other?.created).toBe(true);
      expect(other?.message.seq).toBe(2);
      expect((await store.listMessages("ROOMAAAAA", { limit: 10 })).messages).toHaveLength(2);
    });

    it("keeps seq gap-free and unique under concurrent appends", async () => {
      await store.createRoom("ROOMAAAAA", new Date());
      const results = await Promise.all(Array.from({ length: 50 }, () => store.appendMessage(message("ROOMAAAAA")).then(stored)));
      const seqs = results.map((result) => result?.message.seq).sort((a, b) => (a ?? 0) - (b ?? 0));
      expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it("pages history newest-first by keyset, each page oldest first", async () => {
      await store.createRoom("ROOMAAAAA", new Date());
      for (let i = 0; i < 7; i += 1) stored(await store.appendMessage(message("ROOMAAAAA")));
      const newest = await store.listMessages("ROOMAAAAA", { limit: 3 });
      expect(newest.messages.map((m) => m.seq)).toEqual([5, 6, 7]);
      expect(newest.hasOlder).toBe(true);
      const middle = await store.listMessages("ROOMAAAAA", { limit: 3, before: 5 });
      expect(middle.messages.map((m) => m.seq)).toEqual([2, 3, 4]);
      expect(middle.hasOlder).toBe(true);
      const last = await store.listMessages("ROOMAAAAA", { limit: 3, before: 2 });
      expect(last).toMatchObject({ hasOlder: false, messages: [{ seq: 1 }] });
      expect(await store.listMessages("ROOMAAAAA", { limit: 3, before: 1 })).toEqual({ messages: [], hasOlder: false });
      const exact = await store.listMessages("ROOMAAAAA", { limit: 7 });
      expect(exact.hasOlder).toBe(false);
    });

    it("reads forward from a seq for catch-up, a page at a time", async () => {
      await store.createRoom("ROOMAAAAA", new Date());
      await store.createRoom("ROOMBBBBB", new Date());
      for (let i = 0; i < 5; i += 1) stored(await store.appendMessage(message("ROOMAAAAA")));
      stored(await store.appendMessage(message("ROOMBBBBB")));
      const first = await store.listMessagesAfter("ROOMAAAAA", 0, 2);
      expect(first.messages.map((m) => m.seq)).toEqual([1, 2]);
      expect(first.hasMore).toBe(true);
      const rest = await store.listMessagesAfter("ROOMAAAAA", 2, 10);
      expect(rest).toMatchObject({ hasMore: false });
      expect(rest.messages.map((m) => m.seq)).toEqual([3, 4, 5]);
      expect(await store.listMessagesAfter("ROOMAAAAA", 5, 10)).toEqual({ messages: [], hasMore: false });
    });

    it("keeps rooms and messages after the store is closed and reopened", async () => {
      await store.createRoom("ROOMAAAAA", new Date());
      const kept = stored(await store.appendMessage(message("ROOMAAAAA")));
      await store.close();
      store = await reopen();
      expect(await store.getRoom("ROOMAAAAA")).not.toBeNull();
      expect((await store.listMessages("ROOMAAAAA", { limit: 5 })).messages).toEqual([kept?.message]);
      const next = stored(await store.appendMessage(message("ROOMAAAAA")));
      expect(next?.message.seq).toBe(2);
    });

    it("gives each author one id per room: stable, distinct between authors, different in every room", async () => {
      await store.createRoom("ROOMAAAAA", new Date());
      await store.createRoom("ROOMBBBBB", new Date());
      const a1 = stored(await store.appendMessage(message("ROOMAAAAA")));
      const a2 = stored(await store.appendMessage(message("ROOMAAAAA")));
      const b = stored(await store.appendMessage(message("ROOMAAAAA", { authorId: "author-b", authorName: "Ana" })));
      const elsewhere = stored(await store.appendMessage(message("ROOMBBBBB")));
      expect(a1?.message.author.id).toMatch(/^[0-9a-f]{16}$/);
      expect(a2?.message.author.id).toBe(a1?.message.author.id);
      // Same display name, another member: told apart by the id.
      expect(b?.message.author).toEqual({ id: expect.not.stringMatching(a1!.message.author.id), name: "Ana" });
      expect(elsewhere?.message.author.id).not.toBe(a1?.message.author.id);
      const history = await store.listMessages("ROOMAAAAA", { limit: 5 });
      expect(history.messages.map((m) => m.author.id)).toEqual([a1, a2, b].map((r) => r?.message.author.id));
    });

    it("refuses an append that would take the room past its quota, counting UTF-8 bytes, and keeps the others", async () => {
      await store.createRoom("ROOMAAAAA", new Date());
      await store.createRoom("ROOMBBBBB", new Date());
      // 1,000 four-byte characters are 4,000 bytes: 96 bytes of the 4,096 remain.
      stored(await store.appendMessage(message("ROOMAAAAA", { text: "😀".repeat(1000) })));
      expect(await store.appendMessage(message("ROOMAAAAA", { text: "x".repeat(97) }))).toBe("quota_exceeded");
      expect(stored(await store.appendMessage(message("ROOMAAAAA", { text: "x".repeat(96) })))?.message.seq).toBe(2);
      expect(await store.appendMessage(message("ROOMAAAAA", { text: "y" }))).toBe("quota_exceeded");
      // A refusal leaves no gap, and another room has its own quota.
      expect(stored(await store.appendMessage(message("ROOMBBBBB", { text: "z".repeat(4000) })))?.message.seq).toBe(1);
      expect(await store.storedBytes()).toBe(4096 + 4000);
      expect((await store.listMessagesAfter("ROOMAAAAA", 0, 10)).messages.map((m) => m.seq)).toEqual([1, 2]);
    });

    it("refuses every append past the quota when many race for the room's last bytes", async () => {
      await store.createRoom("ROOMAAAAA", new Date());
      const results = await Promise.all(Array.from({ length: 20 }, () => store.appendMessage(message("ROOMAAAAA", { text: "q".repeat(1000) }))));
      expect(results.filter((r) => r !== "quota_exceeded" && r !== null)).toHaveLength(4);
      expect(await store.storedBytes()).toBe(4000);
    });

    it("reserves a name to its first member for good: first spelling wins, others are refused, the room has a cap", async () => {
      await store.createRoom("ROOMAAAAA", new Date());
      const at = new Date();
      const reserve = (nameKey: string, memberId: string, name: string, max = 3) => store.reserveName("ROOMAAAAA", { nameKey, memberId, name, at }, max);
      expect(await reserve("ana", "m1", "Ana")).toEqual({ ok: true, name: "Ana" });
      expect(await reserve("ana", "m1", "ANA")).toEqual({ ok: true, name: "Ana" });
      expect(await reserve("ana", "m2", "ana")).toEqual({ ok: false, reason: "name_taken" });
      expect(await reserve("bob", "m2", "Bob")).toEqual({ ok: true, name: "Bob" });
      expect(await reserve("cy", "m3", "Cy")).toEqual({ ok: true, name: "Cy" });
      expect(await reserve("dee", "m4", "Dee")).toEqual({ ok: false, reason: "room_full" });
      // Holders keep theirs at the cap; the cap is per room.
      expect(await reserve("bob", "m2", "Bob")).toEqual({ ok: true, name: "Bob" });
      await store.createRoom("ROOMBBBBB", new Date());
      expect(await store.reserveName("ROOMBBBBB", { nameKey: "ana", memberId: "m2", name: "ana", at }, 3)).toEqual({ ok: true, name: "ana" });
    });

    it("gives a name to exactly one of two members racing for it", async () => {
      await store.createRoom("ROOMAAAAA", new Date());
      const at = new Date();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.reserveName("ROOMAAAAA", { nameKey: "ana", memberId: `m${i}`, name: `Ana${i}`, at }, 100)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.reason === "name_taken")).toHaveLength(9);
    });

    it("deletes rooms whose lifetime ran out, with their messages and names, and keeps active ones", async () => {
      const old = new Date("2026-01-01T00:00:00.000Z");
      const recent = new Date("2026-03-01T00:00:00.000Z");
      await store.createRoom("IDLEAAAAA", old);
      await store.createRoom("IDLEBBBBB", old);
      await store.createRoom("BUSYAAAAA", old);
      await store.createRoom("NEWAAAAAA", recent);
      for (let i = 0; i < 3; i += 1) stored(await store.appendMessage(message("IDLEAAAAA", { createdAt: old })));
      await store.reserveName("IDLEAAAAA", { nameKey: "ana", memberId: "m1", name: "Ana", at: old }, 10);
      // A message after the cutoff keeps a room alive, however old the room.
      stored(await store.appendMessage(message("BUSYAAAAA", { createdAt: recent })));
      const cutoff = new Date("2026-02-01T00:00:00.000Z");
      // Rooms made without a lifetime live 7 days after their last message; the sweep runs 7 days after the cutoff.
      const sweptAt = new Date(cutoff.getTime() + 168 * 3_600_000);
      expect((await store.deleteExpiredRooms(sweptAt, 720, 10)).sort()).toEqual(["IDLEAAAAA", "IDLEBBBBB"]);
      expect(await store.getRoom("IDLEAAAAA")).toBeNull();
      expect(await store.listMessagesAfter("IDLEAAAAA", 0, 10)).toEqual({ messages: [], hasMore: false });
      expect(await store.getRoom("BUSYAAAAA")).not.toBeNull();
      expect(await store.getRoom("NEWAAAAAA")).not.toBeNull();
      expect(await store.deleteExpiredRooms(sweptAt, 720, 10)).toEqual([]);
      // The code can be created again, with no name reserved and no message.
      await store.createRoom("IDLEAAAAA", recent);
      expect(await store.reserveName("IDLEAAAAA", { nameKey: "ana", memberId: "m2", name: "ana", at: recent }, 10)).toEqual({ ok: true, name: "ana" });
      expect(await store.storedBytes()).toBe(Buffer.byteLength((await store.listMessages("BUSYAAAAA", { limit: 1 })).messages[0]!.text));
    });

    it("records who is present, replaces a record of the same name, forgets the gone, and keeps it across a reopen", async () => {
      const ana = { roomCode: "ROOMAAAAA", nameKey: "ana", memberId: "m1", name: "Ana" };
      const bob = { roomCode: "ROOMAAAAA", nameKey: "bob", memberId: "m2", name: "Bob" };
      // No room row needed: a record may outlive its room by a grace period.
      const cy = { roomCode: "ROOMBBBBB", nameKey: "cy", memberId: "m3", name: "Cy" };
      await store.recordPresence([ana, bob, cy], []);
      await store.recordPresence([{ ...bob, memberId: "m4", name: "BOB" }], [{ roomCode: "ROOMAAAAA", nameKey: "ana" }, { roomCode: "ROOMZZZZZ", nameKey: "ana" }]);
      await store.close();
      store = await reopen();
      const byKey = (a: { nameKey: string }, b: { nameKey: string }) => a.nameKey.localeCompare(b.nameKey);
      expect((await store.presentMembers()).sort(byKey)).toEqual([{ ...bob, memberId: "m4", name: "BOB" }, cy]);
    });

    it("answers ping while open", async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it("commits probe writes, one after another, without touching rooms or messages", async () => {
      await store.createRoom("PROBEROOM", new Date());
      const first = stored(await store.appendMessage(message("PROBEROOM")));
      await expect(store.probeWrite()).resolves.toBeUndefined();
      await expect(store.probeWrite()).resolves.toBeUndefined();
      expect((await store.listMessages("PROBEROOM", { limit: 5 })).messages).toEqual([first?.message]);
      expect(stored(await store.appendMessage(message("PROBEROOM")))?.message.seq).toBe(2);
    });
  });
}
