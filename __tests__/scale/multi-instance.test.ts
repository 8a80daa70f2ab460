/**
 * Two real app processes on two ports, sharing one PostgreSQL database and one Redis, with clients
 * spread over both: what a member sees must not depend on which instance it reached.
 */
import type { Ack, Message } from "@/lib/protocol";
import { createRoom, join, nextEvent, storedHistory, type RunningServer, type TestSocket } from "../integration/harness";
import { twoInstances } from "./two-instances";

const INSTANCE_TIMEOUT_MS = 2_000;
const GRACE_MS = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const send = async (socket: TestSocket, text: string) => (await socket.emitWithAck("message:send", { text, clientId: crypto.randomUUID() })) as Ack<Message>;

/** Every message:created a socket receives, in order. */
function received(socket: TestSocket): Message[] {
  const messages: Message[] = [];
  socket.on("message:created", (message) => messages.push(message));
  return messages;
}

describe("two instances sharing PostgreSQL and Redis", () => {
  const instances = twoInstances({
    REDIS_INSTANCE_TIMEOUT_MS: String(INSTANCE_TIMEOUT_MS),
    PRESENCE_GRACE_MS: String(GRACE_MS),
    // A member's budget: 6 per 10 s plus 4 per minute; a room's: 6 connections.
    RATE_MESSAGES_PER_10S: "6",
    RATE_MESSAGES_BURST: "4",
    MAX_CONNECTIONS_PER_ROOM: "6",
  });
  const { boot, enter, sockets } = instances;
  let a: RunningServer;
  let b: RunningServer;
  beforeAll(() => {
    ({ a, b } = instances);
  });

  it("delivers a message sent on A once to every member on A and B, with the same seq", async () => {
    const code = await createRoom(a.url);
    const members = [await enter(a, code, "Ana"), await enter(b, code, "Bob"), await enter(a, code, "Cy"), await enter(b, code, "Di")];
    const inboxes = members.map(({ socket }) => received(socket));
    const first = await send(members[0]!.socket, "from A");
    const second = await send(members[1]!.socket, "from B");
    if (!first.ok || !second.ok) throw new Error("a send was refused");
    await sleep(500); // time for a duplicate to arrive, were there one
    for (const inbox of inboxes) expect(inbox).toEqual([first.data, second.data]);
    expect([first.data.seq, second.data.seq]).toEqual([1, 2]);
  });

  it("keeps the member list and the join and leave notices the same on both instances", async () => {
    const code = await createRoom(b.url);
    const ana = await enter(a, code, "Ana");
    const bobJoined = nextEvent(ana.socket, "member:joined");
    const bob = await enter(b, code, "Bob");
    expect(bob.snapshot.members).toEqual([{ name: "Ana" }, { name: "Bob" }]);
    expect(await bobJoined).toEqual({ member: { name: "Bob" }, members: [{ name: "Ana" }, { name: "Bob" }] });

    const cyJoined = nextEvent(bob.socket, "member:joined");
    const cy = await enter(a, code, "Cy");
    expect((await cyJoined).members).toEqual([{ name: "Ana" }, { name: "Bob" }, { name: "Cy" }]);

    // A leave on purpose, on B, is announced at once on A...
    const bobLeft = [nextEvent(ana.socket, "member:left"), nextEvent(cy.socket, "member:left")];
    await bob.socket.emitWithAck("room:leave");
    expect(await Promise.all(bobLeft)).toEqual(Array(2).fill({ member: { name: "Bob" }, members: [{ name: "Ana" }, { name: "Cy" }] }));
    // ...and a dropped connection on A after the grace period, on both.
    const watcher = await enter(b, code, "Di");
    const anaLeft = [nextEvent(cy.socket, "member:left"), nextEvent(watcher.socket, "member:left")];
    ana.socket.close();
    expect(await Promise.all(anaLeft)).toEqual(Array(2).fill({ member: { name: "Ana" }, members: [{ name: "Cy" }, { name: "Di" }] }));
    const [onA, onB] = [await enter(a, code, "Eve"), await enter(b, code, "Fay")];
    expect(onA.snapshot.members.map((m) => m.name)).toEqual(["Cy", "Di", "Eve"]);
    expect(onB.snapshot.members.map((m) => m.name)).toEqual(["Cy", "Di", "Eve", "Fay"]);
  });

  it("refuses on B a name held on A, and lets exactly one of two simultaneous joins with one name win", async () => {
    const code = await createRoom(a.url);
    await enter(a, code, "Ana");
    await expect(join(b.url, { code, name: "ANA" })).rejects.toMatchObject({ message: "name_taken" });
    for (let round = 0; round < 8; round += 1) {
      const name = `Racer ${round}`;
      const outcomes = await Promise.allSettled([join(a.url, { code, name }), join(b.url, { code, name })]);
      const winners = outcomes.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value.socket] : []));
      sockets.push(...winners);
      expect(winners).toHaveLength(1);
      expect(outcomes.find((outcome) => outcome.status === "rejected")).toMatchObject({ reason: { message: "name_taken" } });
      winners[0]!.close(); // a room holds 6 connections
      await sleep(50);
    }
  });

  it("shares a member's message budget between instances instead of granting it once per instance", async () => {
    const code = await createRoom(a.url);
    const memberToken = `two-tabs-${crypto.randomUUID()}`;
    const [tabOnA, tabOnB] = [await enter(a, code, "Ana", memberToken), await enter(b, code, "Ana", memberToken)];
    const results: Array<Ack<Message>> = [];
    for (let i = 0; i < 8; i += 1) results.push(await send(tabOnA.socket, `a${i}`), await send(tabOnB.socket, `b${i}`));
    expect(results.filter((result) => result.ok)).toHaveLength(10);
    expect(results.filter((result) => !result.ok && result.error.code === "rate_limited")).toHaveLength(6);
  });

  it("caps a room's connections counted over both instances", async () => {
    const code = await createRoom(a.url);
    for (let i = 0; i < 6; i += 1) await enter(i % 2 ? b : a, code, `Member ${i}`);
    await expect(join(a.url, { code, name: "One too many" })).rejects.toMatchObject({ message: "room_full" });
    await expect(join(b.url, { code, name: "One too many" })).rejects.toMatchObject({ message: "room_full" });
  });

  it("numbers messages gap-free when both instances write to one room at once, and everyone sees each once", async () => {
    const code = await createRoom(b.url);
    const members = await Promise.all([enter(a, code, "A1"), enter(a, code, "A2"), enter(b, code, "B1"), enter(b, code, "B2")]);
    const inboxes = members.map(({ socket }) => received(socket));
    await Promise.all(
      members.map(async ({ socket }, index) => {
        for (let n = 0; n < 8; n += 1) expect((await send(socket, `${index}:${n}`)).ok).toBe(true);
      }),
    );
    const stored = await storedHistory(a.url, code);
    expect(stored.map((message) => message.seq)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    await sleep(500);
    for (const inbox of inboxes) expect([...inbox].sort((x, y) => x.seq - y.seq)).toEqual(stored);
  });

  it("stops a third instance cleanly on SIGTERM, and the others announce its member's leave after the grace period", async () => {
    const c = await boot();
    const code = await createRoom(a.url);
    const ana = await enter(a, code, "Ana");
    await enter(c, code, "Cy");
    const left = nextEvent(ana.socket, "member:left", 10_000);
    const stoppedAt = Date.now();
    expect(await c.stop("SIGTERM")).toBe(0);
    expect(await left).toEqual({ member: { name: "Cy" }, members: [{ name: "Ana" }] });
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(GRACE_MS);
  });

  // Last: it kills B.
  it("announces the leave of a member whose instance was SIGKILLed, within the instance timeout and a tick", async () => {
    const code = await createRoom(a.url);
    const ana = await enter(a, code, "Ana");
    const bobToken = `bob-${crypto.randomUUID()}`;
    await enter(b, code, "Bob", bobToken);
    const left = nextEvent(ana.socket, "member:left", 10_000);
    const killedAt = Date.now();
    await b.stop("SIGKILL");
    expect(await left).toEqual({ member: { name: "Bob" }, members: [{ name: "Ana" }] });
    const elapsed = Date.now() - killedAt;
    console.log(`SIGKILLed instance: its member's leave reached the other instance after ${elapsed} ms (timeout ${INSTANCE_TIMEOUT_MS} ms)`);
    // Bound: the timeout, one upkeep tick (timeout / 5), and slack for a busy machine.
    expect(elapsed).toBeLessThanOrEqual(INSTANCE_TIMEOUT_MS * 1.2 + 1_000);
    // Bob's presence is released (he may come back through the surviving instance); his name stays his.
    await expect(enter(a, code, "bob", bobToken)).resolves.toMatchObject({ snapshot: { you: { name: "Bob" } } });
  });
});
