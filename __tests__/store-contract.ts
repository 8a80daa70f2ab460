/**
 * The behaviour every ChatStore backend must have. A backend's test file calls runStoreContract with a
 * factory that opens a fresh, empty store (a real database, never an in-memory stand-in).
 */
import type { ChatStore, NewMessage } from "@/lib/store/types";

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
      const a1 = await store.appendMessage(message("ROOMAAAAA"));
      const b1 = await store.appendMessage(message("ROOMBBBBB"));
      const a2 = await store.appendMessage(message("ROOMAAAAA", { authorId: "author-b", authorName: "Bob", text: "hi <b>x</b>" }));
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
      const first = await store.appendMessage(input);
      const retry = await store.appendMessage({ ...input, text: "changed on retry" });
      expect(retry).toEqual({ message: first?.message, created: false });
      // The same clientId from another author is a different message.
      const other = await store.appendMessage({ ...input, authorId: "author-b" });
      expect(other?.created).toBe(true);
      expect(other?.message.seq).toBe(2);
      expect((await store.listMessages("ROOMAAAAA", { limit: 10 })).messages).toHaveLength(2);
    });

    it("keeps seq gap-free and unique under concurrent appends", async () => {
      await store.createRoom("ROOMAAAAA", new Date());
      const results = await Promise.all(Array.from({ length: 50 }, () => store.appendMessage(message("ROOMAAAAA"))));
      const seqs = results.map((result) => result?.message.seq).sort((a, b) => (a ?? 0) - (b ?? 0));
      expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });

    it("pages history newest-first by keyset, each page oldest first", async () => {
      await store.createRoom("ROOMAAAAA", new Date());
      for (let i = 0; i < 7; i += 1) await store.appendMessage(message("ROOMAAAAA"));
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
      for (let i = 0; i < 5; i += 1) await store.appendMessage(message("ROOMAAAAA"));
      await store.appendMessage(message("ROOMBBBBB"));
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
      const stored = await store.appendMessage(message("ROOMAAAAA"));
      await store.close();
      store = await reopen();
      expect(await store.getRoom("ROOMAAAAA")).not.toBeNull();
      expect((await store.listMessages("ROOMAAAAA", { limit: 5 })).messages).toEqual([stored?.message]);
      const next = await store.appendMessage(message("ROOMAAAAA"));
      expect(next?.message.seq).toBe(2);
    });

    it("answers ping while open", async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it("commits probe writes, one after another, without touching rooms or messages", async () => {
      await store.createRoom("PROBEROOM", new Date());
      const stored = await store.appendMessage(message("PROBEROOM"));
      await expect(store.probeWrite()).resolves.toBeUndefined();
      await expect(store.probeWrite()).resolves.toBeUndefined();
      expect((await store.listMessages("PROBEROOM", { limit: 5 })).messages).toEqual([stored?.message]);
      expect((await store.appendMessage(message("PROBEROOM")))?.message.seq).toBe(2);
    });
  });
}
