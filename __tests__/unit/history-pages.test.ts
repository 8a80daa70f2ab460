/** Pages of history stay under their byte cap whatever a message carries: long text, a quote, reactions. */
import { capNewerPage, capOlderPage } from "@/lib/rooms/history-pages";
import { HISTORY_PAGE_MAX_BYTES, type Message } from "@/lib/protocol";
import { storedMessage } from "../fixtures";

const names = Array.from({ length: 1000 }, (_, i) => `Member with a long name ${String(i).padStart(4, "0")}`);
/** A short message under 20 emoji, each with 1,000 names: about 700 KB of JSON alone. */
const heavy = (seq: number): Message =>
  storedMessage(seq, {
    text: "hi",
    replyTo: { id: "id-0", seq: 1, author: { id: "a0a0a0a0a0a0a0a0", name: "Ana" }, excerpt: "é".repeat(100) },
    reactions: Array.from({ length: 20 }, (_, i) => ({ emoji: String.fromCodePoint(0x1f600 + i), names })),
  });
const bytes = (messages: Message[]) => Buffer.byteLength(JSON.stringify({ messages, hasMore: true }));

describe("history pages capped in bytes", () => {
  it("counts reactions and quotes, so a page of heavily reacted messages stays under the cap (one message at least)", () => {
    const page = [heavy(1), heavy(2), heavy(3)];
    const newer = capNewerPage({ messages: page, hasMore: false });
    expect(newer.messages.map((m) => m.seq)).toEqual([1]);
    expect(newer.hasMore).toBe(true);
    const older = capOlderPage({ messages: page, hasOlder: false });
    expect(older.messages.map((m) => m.seq)).toEqual([3]);
    expect(older.hasOlder).toBe(true);
  });

  it("keeps a page of ordinary messages whole, and any page it keeps under the cap in JSON", () => {
    const light = Array.from({ length: 100 }, (_, i) => storedMessage(i + 1, { reactions: [{ emoji: "👍", names: names.slice(0, 10) }] }));
    expect(capNewerPage({ messages: light, hasMore: false }).messages).toHaveLength(100);
    expect(bytes(light)).toBeLessThan(HISTORY_PAGE_MAX_BYTES);
    // One message with 4 emoji of 1,000 names each (about 140 KB) among them.
    const mixed = [...light.slice(0, 40), { ...heavy(41), reactions: heavy(41).reactions.slice(0, 4) }, ...light.slice(41)];
    const kept = capNewerPage({ messages: mixed, hasMore: false }).messages;
    expect(bytes(kept)).toBeLessThanOrEqual(HISTORY_PAGE_MAX_BYTES);
    expect(kept.length).toBeLessThan(100);
  });
});
