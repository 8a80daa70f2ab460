/**
 * The browser's pure rules for messages that change: copies merged by version, replies' quotes kept
 * current, queued changes shown over the server's copy, the outbox the previous release stored, and the
 * one spelling of each reaction emoji.
 */
import { browserOutboxStorage, type QueueItem } from "@/lib/client/outbox";
import { withPendingChanges } from "@/lib/client/pending-changes";
import { mergeMessages, withQuotesOf } from "@/lib/client/timeline";
import { reactionEmoji, replyExcerpt } from "@/lib/protocol";
import { storedMessage } from "../fixtures";

const msg = storedMessage;

describe("mergeMessages with versions", () => {
  it("keeps the higher version of a message, whatever the order the copies come in, and never an older one", () => {
    const v0 = msg(1);
    const v2 = msg(1, { text: "edited", version: 2 });
    const v1 = msg(1, { text: "first edit", version: 1 });
    const held = mergeMessages([v0, msg(2)], [v2]);
    expect(held.map((m) => m.text)).toEqual(["edited", "text 2"]);
    expect(mergeMessages(held, [v1])).toBe(held);
    expect(mergeMessages(held, [v0])).toBe(held);
  });
});

describe("withQuotesOf", () => {
  it("brings every reply's quote of a changed message up to date, as the server would read it", () => {
    const original = msg(1, { text: "old" });
    const reply = msg(2, { replyTo: { id: original.id, seq: 1, author: original.author, excerpt: "old" } });
    const other = msg(3);
    const long = "é".repeat(150);
    const updated = withQuotesOf([original, reply, other], { ...original, text: long, version: 1 });
    expect(updated[1]?.replyTo?.excerpt).toBe(replyExcerpt(long));
    expect(Array.from(updated[1]!.replyTo!.excerpt)).toHaveLength(100);
    expect(updated[2]).toBe(other);
    expect(withQuotesOf(updated, { ...original, text: "", deletedAt: "2026-01-01T00:00:00.000Z", version: 2 })[1]?.replyTo?.excerpt).toBe("");
    const untouched = [original, other];
    expect(withQuotesOf(untouched, { ...original, version: 3 })).toBe(untouched);
  });
});

describe("withPendingChanges", () => {
  const change = (fields: Partial<QueueItem> & Pick<QueueItem, "clientId">): QueueItem =>
    ({ kind: "react", messageId: "id-1", createdAt: "2026-02-01T00:00:00.000Z", status: "pending", ...fields }) as QueueItem;

  it("shows queued edits, reactions and deletions in queue order over the server's copy", () => {
    const messages = [msg(1, { reactions: [{ emoji: "👍", names: ["Bob"] }] }), msg(2)];
    const queue: QueueItem[] = [
      change({ clientId: "a", kind: "edit", text: "fixed" }),
      change({ clientId: "b", emoji: "👍", add: true }),
      change({ clientId: "c", emoji: "🎉", add: true }),
      change({ clientId: "d", emoji: "🎉", add: false }),
      { clientId: "s", text: "a message, not a change", createdAt: "2026-02-01T00:00:00.000Z", status: "pending" },
    ];
    const shown = withPendingChanges(messages, queue, "Ana");
    expect(shown[0]).toMatchObject({ text: "fixed", editedAt: "2026-02-01T00:00:00.000Z", reactions: [{ emoji: "👍", names: ["Ana", "Bob"] }] });
    expect(shown[1]).toBe(messages[1]);
    const deleted = withPendingChanges(messages, [...queue, change({ clientId: "e", kind: "delete" })], "Ana");
    expect(deleted[0]).toMatchObject({ text: "", reactions: [], deletedAt: "2026-02-01T00:00:00.000Z" });
  });

  it("returns the server's messages themselves when nothing is queued", () => {
    const messages = [msg(1)];
    expect(withPendingChanges(messages, [], "Ana")).toBe(messages);
  });
});

describe("the outbox in storage", () => {
  it("reads what the previous release stored (messages without a kind) next to queued changes", () => {
    const store = new Map<string, string>();
    Object.defineProperty(globalThis, "window", { value: { localStorage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v), removeItem: (k: string) => store.delete(k) } }, configurable: true });
    try {
      const old = [{ clientId: "c1", text: "typed offline before the upgrade", createdAt: "2026-01-01T00:00:00.000Z", status: "pending" }];
      store.set("roomchat:outbox:ROOM", JSON.stringify(old));
      const storage = browserOutboxStorage();
      expect(storage.load("ROOM")).toEqual(old);
      const queued: QueueItem = { kind: "delete", clientId: "c2", messageId: "m1", createdAt: "2026-01-01T00:00:00.000Z", status: "pending" };
      storage.save("ROOM", [...old, queued] as QueueItem[]);
      expect(storage.load("ROOM")).toEqual([...old, queued]);
      store.set("roomchat:outbox:ROOM", JSON.stringify([{ kind: "drop-table", clientId: "x" }]));
      expect(storage.load("ROOM")).toEqual([]);
    } finally {
      delete (globalThis as { window?: unknown }).window;
    }
  });
});

describe("reactionEmoji", () => {
  it.each([
    ["👍", "👍"],
    ["👍🏽", "👍🏽"],
    ["❤", "❤️"],
    ["❤️", "❤️"],
    ["❤︎", "❤️"],
    ["👩‍💻", "👩‍💻"],
    ["🏳️‍🌈", "🏳️‍🌈"],
    ["👨‍👩‍👧‍👦", "👨‍👩‍👧‍👦"],
    ["👩\uFE0F\u200D💻", "👩‍💻"],
    ["🏳\u200D🌈", "🏳️‍🌈"],
    ["🏴‍☠", "🏴‍☠️"],
    ["☝🏽", "☝🏽"],
  ])("accepts %s as %s", (input, canonical) => {
    expect(reactionEmoji(input)).toBe(canonical);
  });

  it("accepts only what is one grapheme, as Intl.Segmenter counts them, over random pictograph sequences", () => {
    const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
    const pictographs = ["👍", "❤", "☺", "©", "🏳", "👩", "💻", "🧑", "🤝", "🌈", "☠"];
    const extras = ["", "", "\u{1F3FD}", "\uFE0F", "\uFE0E"];
    const pick = (items: readonly string[]) => items[Math.floor(Math.random() * items.length)]!;
    let accepted = 0;
    for (let i = 0; i < 500; i += 1) {
      const parts = Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => pick(pictographs) + pick(extras));
      const candidate = Math.random() < 0.8 ? parts.join("\u200D") : parts.join("");
      const emoji = reactionEmoji(candidate);
      if (emoji === null) continue;
      accepted += 1;
      expect([candidate, [...segmenter.segment(emoji)].length]).toEqual([candidate, 1]);
    }
    expect(accepted).toBeGreaterThan(100);
  });

  it.each([[""], ["a"], ["1️⃣"], ["🇫🇷"], ["👍👍"], ["👍 "], ["🏽"], ["<b>"], ["\u200D"], ["👍\u200D"], ["😀".repeat(20)], ["\u{1FC00}"], ["\u{1FFFD}"]])("refuses %j", (input) => {
    expect(reactionEmoji(input)).toBeNull();
  });
});
