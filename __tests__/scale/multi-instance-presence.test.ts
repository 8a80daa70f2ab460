/**
 * Presence that does not flap across two instances (PostgreSQL and Redis): a member who drops on one
 * instance and comes back on the other within the grace period is shown reconnecting, then present,
 * to the members of both, and announced neither as leaving nor as joining; one who does not come back
 * is announced as left once, on both.
 */
import { createRoom, nextEvent } from "../integration/harness";
import { presenceEvents, until } from "../sockets";
import { twoInstances } from "./two-instances";

const GRACE_MS = 3_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("presence across two instances", () => {
  const instances = twoInstances({ PRESENCE_GRACE_MS: String(GRACE_MS), REDIS_INSTANCE_TIMEOUT_MS: "2000" });
  const { enter } = instances;

  it("shows a member who drops on A and comes back on B as reconnecting, then present, on both; and a drop past the grace as one leave", async () => {
    const { a, b } = instances;
    const code = await createRoom(a.url);
    const watcherA = await enter(a, code, "WatcherA");
    const watcherBJoined = nextEvent(watcherA.socket, "member:joined");
    const watcherB = await enter(b, code, "WatcherB");
    await watcherBJoined;
    const [onA, onB] = [presenceEvents(watcherA.socket), presenceEvents(watcherB.socket)];
    const token = `ana-${crypto.randomUUID()}`;
    const first = await enter(a, code, "Ana", token);
    await until(() => onA.length === 1 && onB.length === 1, "Ana's arrival on both");

    first.socket.io.engine.close();
    await until(() => onA.length === 2 && onB.length === 2, "Ana reconnecting on both");
    const back = await enter(b, code, "Ana", token);
    expect(back.snapshot.members).toEqual([{ name: "Ana" }, { name: "WatcherA" }, { name: "WatcherB" }]);
    await sleep(GRACE_MS + 1_000);
    for (const events of [onA, onB]) expect(events).toEqual(["joined:Ana", "reconnecting:Ana", "present:Ana"]);

    back.socket.io.engine.close();
    await until(() => onA.length === 5 && onB.length === 5, "Ana's leave on both", GRACE_MS * 4);
    // The instance that timed the grace and the sweeps of both may all try: one announces.
    await sleep(2_000);
    for (const events of [onA, onB]) expect(events).toEqual(["joined:Ana", "reconnecting:Ana", "present:Ana", "reconnecting:Ana", "left:Ana"]);
  }, 60_000);
});
