/**
 * Presence that does not flap, against the real server process: a short drop shows the member as
 * reconnecting and announces nothing, a long one announces one leave, and a restart (graceful or a
 * crash) announces nobody who comes back, and whoever does not come back once.
 */
import type { RoomSession } from "@/lib/client/room-session";
import { presenceEvents, roomSessions, until } from "../sockets";
import { createRoom, join, restartableServer } from "./harness";

// Longer than a restart of the server takes here (a few seconds under load), so that members come back within it.
const GRACE_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const notices = (session: RoomSession) => session.getSnapshot().notices.map((notice) => notice.text);

describe("presence across drops and restarts (server process)", () => {
  const server = restartableServer("presence", { PRESENCE_GRACE_MS: String(GRACE_MS) });
  const sessions = roomSessions(() => server.url);
  const session = sessions.session;
  afterEach(() => sessions.closeAll());

  it("shows a short drop as reconnecting then present, and a drop past the grace period as one leave", async () => {
    const code = await createRoom(server.url);
    const watcher = await join(server.url, { code, name: "Watcher" });
    const events = presenceEvents(watcher.socket);
    const memberToken = `browser-${crypto.randomUUID()}`;
    const first = await join(server.url, { code, name: "Ana", memberToken });
    await until(() => events.length === 1, "Ana's arrival");

    first.socket.io.engine.close(); // the network drops: no Leave
    await until(() => events.length === 2, "Ana reconnecting");
    await sleep(1_000);
    const back = await join(server.url, { code, name: "Ana", memberToken });
    expect(back.snapshot.members).toEqual([{ name: "Ana" }, { name: "Watcher" }]);
    await until(() => events.length === 3, "Ana present again");
    expect(events).toEqual(["joined:Ana", "reconnecting:Ana", "present:Ana"]);

    const droppedAt = performance.now();
    back.socket.io.engine.close();
    await until(() => events.length === 5, "Ana's leave", GRACE_MS * 2);
    expect(performance.now() - droppedAt).toBeGreaterThanOrEqual(GRACE_MS - 50);
    await sleep(1_000);
    expect(events).toEqual(["joined:Ana", "reconnecting:Ana", "present:Ana", "reconnecting:Ana", "left:Ana"]);
    watcher.socket.close();
    back.socket.close();
  }, 40_000);

  it.each(["SIGTERM", "SIGKILL"] as const)("announces nobody who comes back after a restart (%s), and whoever does not once", async (signal) => {
    const code = await createRoom(server.url);
    const [ana, bob, cy] = [session(code, "Ana"), session(code, "Bob"), session(code, "Cy")];
    for (const member of [ana, bob, cy]) await member.open();
    await until(() => ana.getSnapshot().members.length === 3, "everyone in Ana's list");
    // The record of who is present is written every half second: a crash loses at most that much.
    await sleep(1_000);
    const before = { ana: notices(ana), bob: notices(bob) };
    expect(before.ana).toEqual(["You joined the room", "Bob joined the room", "Cy joined the room"]);

    expect(await server.stop(signal)).toBe(signal === "SIGTERM" ? 0 : null);
    cy.close(); // Cy's tab closes while the server is down: it will not come back.
    await server.start();
    await until(() => ana.getSnapshot().status === "connected" && bob.getSnapshot().status === "connected", "Ana and Bob back");
    await until(() => ana.getSnapshot().members.filter((m) => m.status === undefined).length === 2, "Bob present in Ana's list");
    expect(ana.getSnapshot().members).toEqual([{ name: "Ana" }, { name: "Bob" }, { name: "Cy", status: "reconnecting" }]);

    await until(() => notices(ana).length > before.ana.length, "Cy's leave", GRACE_MS * 2);
    await sleep(1_000);
    for (const [view, earlier] of [[ana, before.ana], [bob, before.bob]] as const) {
      expect(notices(view)).toEqual([...earlier, "Cy left the room"]);
      expect(view.getSnapshot().members).toEqual([{ name: "Ana" }, { name: "Bob" }]);
    }
  }, 60_000);
});
