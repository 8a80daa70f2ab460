/** The browser's RoomSession against the realtime layer in-process: state, notices, refusals and sends. */
import { io } from "socket.io-client";
import { RoomSession, type ChatClientSocket } from "@/lib/client/room-session";
import { until } from "../sockets";
import { startInProcess, type InProcessServer } from "./in-process";

describe("RoomSession (browser client) against the in-process server", () => {
  let server: InProcessServer;
  const sessions: RoomSession[] = [];

  beforeAll(async () => {
    // Two connections per room: enough for every test here, and the third is refused room_full.
    server = await startInProcess({ MAX_CONNECTIONS_PER_ROOM: "2" });
  });
  afterEach(() => {
    while (sessions.length > 0) sessions.pop()?.close();
  });
  afterAll(async () => {
    await server.stop();
  });

  function session(code: string, name: string, memberToken = `tok-${crypto.randomUUID()}`): RoomSession {
    const created = new RoomSession({
      code,
      name,
      memberToken,
      connect: (auth) => io(server.url, { auth, autoConnect: false, transports: ["websocket"] }) as ChatClientSocket,
    });
    sessions.push(created);
    return created;
  }

  it("opens, shows who is here, and keeps one copy of each message in order", async () => {
    const code = await server.createRoom();
    const ana = session(code, "Ana");
    await ana.open();
    expect(ana.getSnapshot()).toMatchObject({ status: "connected", you: { name: "Ana" }, members: [{ name: "Ana" }] });
    expect(ana.getSnapshot().notices.map((n) => n.text)).toEqual(["You joined the room"]);

    const bob = session(code, "Bob");
    await bob.open();
    await until(() => ana.getSnapshot().members.length === 2, "Bob in Ana's member list", 5_000);
    expect(ana.getSnapshot().notices.map((n) => n.text)).toEqual(["You joined the room", "Bob joined the room"]);

    const sent = await ana.send("first");
    expect(sent.ok).toBe(true);
    await bob.send("second");
    await until(() => ana.getSnapshot().messages.length === 2 && bob.getSnapshot().messages.length === 2, "both messages on both sides", 5_000);
    for (const view of [ana, bob]) expect(view.getSnapshot().messages.map((m) => [m.seq, m.text])).toEqual([[1, "first"], [2, "second"]]);
    expect(ana.isOwn(ana.getSnapshot().messages[0]!)).toBe(true);
    expect(ana.isOwn(ana.getSnapshot().messages[1]!)).toBe(false);

    await bob.leave();
    expect(bob.getSnapshot().status).toBe("closed");
    await until(() => ana.getSnapshot().members.length === 1, "Bob gone from Ana's list", 5_000);
    expect(ana.getSnapshot().notices.at(-1)?.text).toBe("Bob left the room");
  });

  it("rejects open() with the server's refusal and stops retrying", async () => {
    const code = await server.createRoom();
    await session(code, "Ana").open();
    const clash = session(code, "ANA");
    await expect(clash.open()).rejects.toMatchObject({ code: "name_taken" });
    expect(clash.getSnapshot()).toMatchObject({ status: "closed", refusal: { code: "name_taken" } });
    await expect(session("ZZZZZZZZZ", "Ana").open()).rejects.toMatchObject({ code: "room_not_found" });
  });

  it("rejects open() at once when the server cannot be reached", async () => {
    const unreachable = new RoomSession({
      code: "ABCDEFGHJ",
      name: "Ana",
      memberToken: `tok-${crypto.randomUUID()}`,
      // Port 9 (discard) on loopback: nothing listens there.
      connect: (auth) => io("http://127.0.0.1:9", { auth, autoConnect: false, transports: ["websocket"] }) as ChatClientSocket,
    });
    sessions.push(unreachable);
    await expect(unreachable.open()).rejects.toMatchObject({ code: "internal", message: expect.stringMatching(/reach the server/) });
    expect(unreachable.getSnapshot().status).toBe("closed");
  });

  it("reports a refused message without losing the connection", async () => {
    const code = await server.createRoom();
    const ana = session(code, "Ana");
    await ana.open();
    const result = await ana.send("x".repeat(4001));
    expect(result).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    expect(ana.getSnapshot().status).toBe("connected");
    expect((await ana.send("fine")).ok).toBe(true);
  });

  it("hands a first join refused room_full over to the page, says so, and gets in once a place frees", async () => {
    const code = await server.createRoom();
    const ana = session(code, "Ana");
    await ana.open();
    await session(code, "Bob").open();
    const cy = session(code, "Cy");
    await cy.open(); // resolves: the room page takes over the wait
    expect(cy.getSnapshot()).toMatchObject({ status: "connecting", refusal: null, you: null, retry: { code: "room_full" } });

    await ana.leave();
    // The first retry comes 1 s after the refusal (the server states no wait for room_full).
    await until(() => cy.getSnapshot().status === "connected", "Cy connected after Ana left", 5_000);
    expect(cy.getSnapshot()).toMatchObject({ retry: null, you: { name: "Cy" }, members: [{ name: "Bob" }, { name: "Cy" }] });
    expect(cy.getSnapshot().notices.map((n) => n.text)).toEqual(["You joined the room"]);
    expect((await cy.send("in at last")).ok).toBe(true);
    await until(() => cy.getSnapshot().messages.length === 1, "Cy's message acknowledged", 5_000);
  });
});
