/**
 * The room's store when copies of messages cross: changes from two instances arriving out of order,
 * pages read before a change arriving after it, live events before the first snapshot. Whatever the
 * order, what is shown is the newest state known, quotes included.
 */
import { CatchUp } from "@/lib/client/session/catch-up";
import { RoomStore } from "@/lib/client/session/room-store";
import type { Message, RoomSnapshot } from "@/lib/protocol";
import { memoryOutboxStorage } from "../../tooling/memory-outbox-storage";
import { roomState, storedMessage } from "../fixtures";

const DELETED_AT = "2026-02-01T00:00:00.000Z";
const original = storedMessage(1, { id: "x", text: "secret text" });
const reply = storedMessage(2, { id: "r", replyTo: { id: "x", seq: 1, author: original.author, excerpt: "secret text" } });
const reacted = { ...original, version: 5, reactions: [{ emoji: "👍", names: ["Bob"] }] };
const deleted = { ...original, version: 6, text: "", deletedAt: DELETED_AT, reactions: [] };

function snapshot(messages: Message[], lastChange = 0): RoomSnapshot {
  return { code: "ABCDEFGHJ", you: { id: "me", name: "Ana" }, members: [], messages, hasOlder: false, lastChange, room: roomState() };
}
const started = (messages: Message[], lastChange = 0) => {
  const store = new RoomStore("ABCDEFGHJ", memoryOutboxStorage());
  store.start(snapshot(messages, lastChange));
  return store;
};
const shown = (store: RoomStore, id: string) => store.getSnapshot().messages.find((m) => m.id === id);

describe("RoomStore when copies cross", () => {
  it("keeps a deletion, and the emptied quotes, when an older copy of the message comes after it", () => {
    const store = started([original, reply]);
    store.applyChange(deleted);
    store.applyChange(reacted);
    expect(shown(store, "x")).toEqual(deleted);
    expect(shown(store, "r")?.replyTo?.excerpt).toBe("");
  });

  it("does the same for a message it does not hold: the quotes follow the newest copy", () => {
    const store = started([reply]);
    store.applyChange(deleted);
    store.applyChange(reacted);
    expect(shown(store, "r")?.replyTo?.excerpt).toBe("");
  });

  it("quotes a message's newest state in a reply that comes later from a page read before the change", () => {
    // The deletion of x was broadcast while a page holding the reply (read before it) was on its way.
    const store = started([storedMessage(3)]);
    store.applyChange(deleted);
    store.addMessages([reply], { restored: false });
    expect(shown(store, "r")?.replyTo?.excerpt).toBe("");
    // And when x itself comes in that stale page, the remembered deletion wins.
    const other = started([storedMessage(3)]);
    other.applyChange(deleted);
    other.addMessages([original, reply], { restored: false });
    expect(shown(other, "x")).toEqual(deleted);
    expect(shown(other, "r")?.replyTo?.excerpt).toBe("");
  });

  it("asks for nothing on live events before the first snapshot, and keeps what they said", async () => {
    const store = new RoomStore("ABCDEFGHJ", memoryOutboxStorage());
    const asked: string[] = [];
    const socket = { connected: true, timeout: () => ({ emitWithAck: (event: string) => (asked.push(event), Promise.resolve({ ok: true, data: { messages: [], hasMore: false } })) }) };
    const catchUp = new CatchUp(socket as unknown as ConstructorParameters<typeof CatchUp>[0], store, 1_000);
    catchUp.changed({ ...storedMessage(60, { id: "m60" }), version: 9, text: "edited" });
    catchUp.live(storedMessage(101, { id: "m101" }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(asked).toEqual([]);
    store.start(snapshot([storedMessage(60, { id: "m60" }), ...Array.from({ length: 40 }, (_, i) => storedMessage(61 + i))], 8));
    expect(shown(store, "m60")?.text).toBe("edited");
    expect(store.syncedSeq).toBe(101);
  });
});
