/**
 * The client's side of a room's control: the notice each owner action gives, the kicked member's
 * leaving announced once, the room's state from the snapshot and room:updated, and a transfer
 * handing the new owner a key of its own. Real RoomStore and OwnerControls; the socket is a fake
 * that records listeners and answers acks (the edge).
 */
import { lifetimeSentence, lifetimeWords, roomActionText } from "@/lib/client/room-notices";
import { OwnerControls, type OwnerAuth } from "@/lib/client/session/owner";
import { RoomStore } from "@/lib/client/session/room-store";
import type { Ack, RoomAction, RoomUpdate } from "@/lib/protocol";
import { memoryOutboxStorage } from "../../tooling/memory-outbox-storage";
import { roomState } from "../fixtures";

type Answer = (event: string, input: unknown) => Ack<unknown> | Promise<never>;

function fakeSocket(answer: Answer) {
  const listeners = new Map<string, (payload: never) => void>();
  const emitted: Array<{ event: string; input: unknown }> = [];
  const socket = {
    on: (event: string, listener: (payload: never) => void) => listeners.set(event, listener),
    timeout: () => ({
      emitWithAck: (event: string, input: unknown) => {
        emitted.push({ event, input });
        return Promise.resolve(answer(event, input));
      },
    }),
  };
  const deliver = (update: RoomUpdate) => listeners.get("room:updated")?.(update as never);
  return { socket, emitted, deliver };
}

function started(you = "Ana", answer: Answer = () => ({ ok: true, data: roomState() })) {
  const store = new RoomStore("ABCDEFGHJ", memoryOutboxStorage());
  store.start({ code: "ABCDEFGHJ", you: { id: "me", name: you }, members: [{ name: "Ana" }, { name: "Bob" }], messages: [], hasOlder: false, lastChange: 0, room: roomState({ owner: "Ana" }) });
  const fake = fakeSocket(answer);
  const auth: OwnerAuth = { ownerKey: "old-key" };
  const owner = new OwnerControls(fake.socket as never, store, "ABCDEFGHJ", auth, 1_000);
  const notices = () => store.getSnapshot().notices.map((notice) => notice.text);
  return { store, owner, auth, notices, ...fake };
}

test("every owner action has its sentence", () => {
  const cases: Array<[RoomAction, string]> = [
    [{ kind: "locked", by: "Ana" }, "Ana locked the room"],
    [{ kind: "unlocked", by: "Ana" }, "Ana unlocked the room"],
    [{ kind: "kicked", by: "Ana", name: "Bob" }, "Ana removed Bob from the room"],
    [{ kind: "unkicked", by: "Ana", name: "Bob" }, "Ana let Bob back in"],
    [{ kind: "transferred", by: "Ana", name: "Bob" }, "Ana made Bob the owner"],
    [{ kind: "passphrase_set", by: "Ana" }, "Ana set a passphrase"],
    [{ kind: "passphrase_cleared", by: "Ana" }, "Ana removed the passphrase"],
    [{ kind: "lifetime", by: "Ana", lifetimeHours: 24 }, "Ana changed the room's lifetime to 1 day"],
  ];
  for (const [action, text] of cases) expect(roomActionText(action)).toBe(text);
  expect([1, 24, 168, 720].map(lifetimeWords)).toEqual(["1 hour", "1 day", "7 days", "30 days"]);
  expect(lifetimeSentence(168)).toBe("This room and its history are deleted 7 days after the last message");
});

test("the snapshot and room:updated set the room's state; an update without an action adds no notice", () => {
  const { store, deliver, notices } = started();
  expect(store.getSnapshot().room?.owner).toBe("Ana");
  deliver({ room: roomState({ owner: "Ana", locked: true }), action: { kind: "locked", by: "Ana" } });
  deliver({ room: roomState({ owner: "Ana", locked: true, lifetimeHours: 1 }) });
  expect(store.getSnapshot().room).toMatchObject({ locked: true, lifetimeHours: 1 });
  expect(notices()).toEqual(["You joined the room", "Ana locked the room"]);
});

test("a kicked member's leaving is not announced a second time; a later leave of someone else is", () => {
  const { store, deliver, notices } = started();
  deliver({ room: roomState({ owner: "Ana", kicked: ["Bob"] }), action: { kind: "kicked", by: "Ana", name: "Bob" } });
  store.memberChanged({ name: "Bob" }, [{ name: "Ana" }], "left");
  store.memberChanged({ name: "Cy" }, [{ name: "Ana" }, { name: "Cy" }], "joined");
  store.memberChanged({ name: "Cy" }, [{ name: "Ana" }], "left");
  expect(notices()).toEqual(["You joined the room", "Ana removed Bob from the room", "Cy joined the room", "Cy left the room"]);
  expect(store.getSnapshot().members).toEqual([{ name: "Ana" }]);
});

test("an action sends its input and applies the acknowledged state; a refusal comes back as it is", async () => {
  let refuse = false;
  const { owner, emitted, store } = started("Ana", (event) =>
    refuse ? { ok: false, error: { code: "forbidden", message: "no" } } : { ok: true, data: roomState({ owner: "Ana", locked: event === "room:lock" }) },
  );
  expect(owner.isOwner()).toBe(true);
  await expect(owner.lock(true)).resolves.toMatchObject({ ok: true });
  expect(emitted).toEqual([{ event: "room:lock", input: { locked: true } }]);
  expect(store.getSnapshot().room?.locked).toBe(true);
  refuse = true;
  await expect(owner.kick("Bob")).resolves.toEqual({ ok: false, error: { code: "forbidden", message: "no" } });
  expect(store.getSnapshot().room?.locked).toBe(true);
});

test("an action the server does not answer in time is refused as internal, with words for people", async () => {
  const { owner } = started("Ana", () => Promise.reject(new Error("operation has timed out")));
  const result = await owner.setLifetime(24);
  expect(result.ok).toBe(false);
  expect(!result.ok && result.error.code).toBe("internal");
});

test("the member made owner asks for a key of its own and uses it at the next handshake", async () => {
  const { deliver, emitted, auth, owner } = started("Bob", () => ({ ok: true, data: { ownerKey: "bobs-key" } }));
  expect(owner.isOwner()).toBe(false);
  deliver({ room: roomState({ owner: "Bob" }), action: { kind: "transferred", by: "Ana", name: "Bob" } });
  expect(owner.isOwner()).toBe(true);
  await new Promise((resolve) => setImmediate(resolve));
  expect(emitted).toEqual([{ event: "room:ownerKey", input: {} }]);
  expect(auth.ownerKey).toBe("bobs-key");
});

test("the former owner forgets its key, which the transfer voided", () => {
  const { deliver, emitted, auth } = started("Ana");
  deliver({ room: roomState({ owner: "Bob" }), action: { kind: "transferred", by: "Ana", name: "Bob" } });
  expect(auth.ownerKey).toBeUndefined();
  expect(emitted).toEqual([]);
});
