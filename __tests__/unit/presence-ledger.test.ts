/**
 * The presence ledger over the in-process registry: a restart restores who was present as
 * reconnecting, departs (once) whoever does not come back within the grace period, and arrivals and
 * departures reach the store in batches. The store is a stand-in at the edge; the timers are fake.
 */
import type { Member } from "@/lib/protocol";
import { withPresenceLedger } from "@/lib/rooms/presence-ledger";
import { createMemoryPresence, type PresenceEvents, type PresenceRegistry } from "@/lib/rooms/presence";
import type { PresentMember } from "@/lib/store/types";

const GRACE_MS = 30_000;
const FLUSH_MS = 500;
const at = (id: string) => ({ id, address: "10.0.0.1" });
const record = (roomCode: string, name: string, memberId: string): PresentMember => ({ roomCode, nameKey: name.toLowerCase(), memberId, name });

/** The store's two ledger methods over a Map, with every write kept for the assertions. */
function ledgerStore(initial: PresentMember[] = []) {
  const rows = new Map(initial.map((row) => [`${row.roomCode}/${row.nameKey}`, row]));
  const writes: Array<{ present: string[]; gone: string[] }> = [];
  let failNext = false;
  return {
    rows,
    writes,
    failOnce: () => (failNext = true),
    presentMembers: () => Promise.resolve([...rows.values()]),
    recordPresence(present: readonly PresentMember[], gone: ReadonlyArray<Pick<PresentMember, "roomCode" | "nameKey">>) {
      if (failNext) {
        failNext = false;
        return Promise.reject(new Error("disk full"));
      }
      writes.push({ present: present.map((row) => row.name), gone: gone.map((row) => row.nameKey) });
      for (const row of gone) rows.delete(`${row.roomCode}/${row.nameKey}`);
      for (const row of present) rows.set(`${row.roomCode}/${row.nameKey}`, row);
      return Promise.resolve();
    },
  };
}

function watcher() {
  const departed: Array<{ room: string; member: Member }> = [];
  const events: PresenceEvents = { departed: (room, member) => departed.push({ room, member }), evicted: () => undefined, failed: () => undefined };
  return { departed, events };
}

async function open(store: ReturnType<typeof ledgerStore>, failed: (error: unknown) => void = () => undefined): Promise<PresenceRegistry> {
  return withPresenceLedger(createMemoryPresence(), { store, graceMs: GRACE_MS, flushMs: FLUSH_MS, failed });
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe("after a restart", () => {
  it("lists the recorded members as reconnecting, holding their names for their own members", async () => {
    const presence = await open(ledgerStore([record("R1", "Ana", "m1"), record("R1", "Bob", "m2")]));
    await presence.start(watcher().events);
    expect(await presence.members("R1")).toEqual([
      { name: "Ana", status: "reconnecting" },
      { name: "Bob", status: "reconnecting" },
    ]);
    expect(await presence.claim("R1", "Ana", "m9", at("c1"))).toEqual({ ok: false, reason: "name_taken" });
    expect(await presence.claim("R1", "ana", "m1", at("c2"))).toEqual({ ok: true, member: { name: "Ana" }, arrived: false, resumed: true });
  });

  it("departs whoever has not come back at the end of the grace period, once, and forgets them", async () => {
    const store = ledgerStore([record("R1", "Ana", "m1"), record("R1", "Bob", "m2"), record("R2", "Cy", "m3")]);
    const presence = await open(store);
    const { departed, events } = watcher();
    await presence.start(events);
    await presence.claim("R1", "Ana", "m1", at("c1"));

    await jest.advanceTimersByTimeAsync(GRACE_MS - 1);
    expect(departed).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(departed).toEqual([
      { room: "R1", member: { name: "Bob" } },
      { room: "R2", member: { name: "Cy" } },
    ]);
    expect(await presence.members("R1")).toEqual([{ name: "Ana" }]);

    await jest.advanceTimersByTimeAsync(GRACE_MS * 2);
    expect(departed).toHaveLength(2);
    expect([...store.rows.values()].map((row) => row.name)).toEqual(["Ana"]);
  });

  it("leaves a member who came back and dropped again to its own grace period, which the realtime layer times", async () => {
    const presence = await open(ledgerStore([record("R1", "Ana", "m1")]));
    const { departed, events } = watcher();
    await presence.start(events);
    await presence.claim("R1", "Ana", "m1", at("c1"));
    await jest.advanceTimersByTimeAsync(GRACE_MS - 1_000);
    await presence.release("R1", "c1");
    await jest.advanceTimersByTimeAsync(GRACE_MS);
    expect(departed).toEqual([]);
    expect(await presence.members("R1")).toEqual([{ name: "Ana", status: "reconnecting" }]);
  });
});

describe("recording", () => {
  it("writes arrivals and departures together after a short wait, and nothing for a reconnection", async () => {
    const store = ledgerStore();
    const presence = await open(store);
    await presence.start(watcher().events);
    await presence.claim("R1", "Ana", "m1", at("c1"));
    await presence.claim("R1", "Bob", "m2", at("c2"));
    await presence.release("R1", "c2");
    await presence.depart("R1", "Bob");
    await jest.advanceTimersByTimeAsync(FLUSH_MS - 1);
    expect(store.writes).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(store.writes).toEqual([{ present: ["Ana"], gone: ["bob"] }]);

    await presence.release("R1", "c1");
    await presence.claim("R1", "Ana", "m1", at("c3"));
    await jest.advanceTimersByTimeAsync(FLUSH_MS * 4);
    expect(store.writes).toHaveLength(1);
  });

  it("tries a failed write again with the next one, newer changes winning", async () => {
    const store = ledgerStore();
    const failures: unknown[] = [];
    const presence = await open(store, (error) => failures.push(error));
    await presence.start(watcher().events);
    store.failOnce();
    await presence.claim("R1", "Ana", "m1", at("c1"));
    await presence.claim("R1", "Bob", "m2", at("c2"));
    await jest.advanceTimersByTimeAsync(FLUSH_MS);
    expect(failures).toHaveLength(1);
    await presence.release("R1", "c2");
    await presence.depart("R1", "Bob");
    await jest.advanceTimersByTimeAsync(FLUSH_MS);
    expect(store.writes).toEqual([{ present: ["Ana"], gone: ["bob"] }]);
  });

  it("writes what is pending when it stops, and nothing after", async () => {
    const store = ledgerStore();
    const presence = await open(store);
    await presence.start(watcher().events);
    await presence.claim("R1", "Ana", "m1", at("c1"));
    await presence.stop();
    expect(store.writes).toEqual([{ present: ["Ana"], gone: [] }]);
    await presence.release("R1", "c1");
    await presence.depart("R1", "Ana");
    await jest.advanceTimersByTimeAsync(FLUSH_MS * 4);
    expect(store.writes).toHaveLength(1);
  });
});
