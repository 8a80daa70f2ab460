/**
 * Rooms with an owner (issue 19) over real sockets against the realtime layer in-process: who is the
 * owner, each owner action and what the room is told, each refusal of a join, and forbidden for
 * everyone else.
 */
import { existsSync, readFileSync } from "node:fs";
import type { Ack, ApiError, RoomState, RoomUpdate } from "@/lib/protocol";
import { nextEvent, type JoinRequestAuth, type Member, type TestSocket } from "../sockets";
import { startInProcess, type InProcessServer } from "./in-process";

type OwnerEvent = "room:kick" | "room:unkick" | "room:lock" | "room:passphrase" | "room:transfer" | "room:lifetime" | "room:ownerKey" | "room:end";

const emit = <T = RoomState>(socket: TestSocket, event: OwnerEvent, payload: unknown) =>
  (socket.emitWithAck as (event: string, payload: unknown) => Promise<Ack<T>>)(event, payload);

function ok<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`${ack.error.code}: ${ack.error.message}`);
  return ack.data;
}
const refusal = <T>(ack: Ack<T>): string => (ack.ok ? "ok" : ack.error.code);

const token = (who: string) => `token-${who}-${crypto.randomUUID()}`;

describe("rooms with an owner (in-process server, real sockets)", () => {
  let server: InProcessServer;

  beforeAll(async () => {
    // A long grace period: a kicked member's leave must not wait for it.
    server = await startInProcess({ PRESENCE_GRACE_MS: "60000", ROOM_RETENTION_HOURS: "200", RATE_PASSPHRASE_PER_10MIN: "1000", RATE_PASSPHRASE_ROOM_PER_10MIN: "1000", RATE_OWNER_ACTIONS_PER_MINUTE: "1000" });
  });
  afterAll(async () => {
    await server.stop();
  });

  /** A room, and its owner Ana in it with the owner key. */
  async function ownedRoom(passphrase?: string): Promise<{ code: string; ownerKey: string; ana: Member; anaToken: string }> {
    const { code, ownerKey } = await server.services.rooms.createRoom(passphrase === undefined ? {} : { passphrase });
    const anaToken = token("ana");
    const ana = await server.join({ code, name: "Ana", memberToken: anaToken, ownerKey });
    return { code, ownerKey, ana, anaToken };
  }

  async function outcome(auth: JoinRequestAuth): Promise<string> {
    try {
      const member = await server.join(auth);
      member.socket.close();
      return "joined";
    } catch (error) {
      return (error as Error).message;
    }
  }

  it("makes whoever brings the owner key the owner, and tells the room when the owner arrives", async () => {
    const { code, ownerKey } = await server.services.rooms.createRoom();
    const bob = await server.join({ code, name: "Bob" });
    expect(bob.snapshot.room).toMatchObject({ owner: null, locked: false, hasPassphrase: false, lifetimeHours: 168, kicked: [] });
    const told = nextEvent(bob.socket, "room:updated");
    const ana = await server.join({ code, name: "Ana", ownerKey });
    expect(ana.snapshot.room.owner).toBe("Ana");
    expect(await told).toEqual({ room: expect.objectContaining({ owner: "Ana" }) });
    // A wrong key is no key: Cy joins as a member.
    const cy = await server.join({ code, name: "Cy", ownerKey: ownerKey.replace(/^./, (c) => (c === "A" ? "B" : "A")) });
    expect(refusal(await emit(cy.socket, "room:lock", { locked: true }))).toBe("forbidden");
    for (const member of [ana, bob, cy]) member.socket.close();
  });

  it("a join with the owner key that is refused (its name is taken) takes nothing from the owner", async () => {
    const { code, ownerKey, ana } = await ownedRoom();
    const bob = await server.join({ code, name: "Bob" });
    expect(await outcome({ code, name: "Bob", ownerKey })).toBe("name_taken");
    expect(ok(await emit(ana.socket, "room:lock", { locked: false })).owner).toBe("Ana");
    ana.socket.close();
    bob.socket.close();
  });

  it("announces at once the leave of a member kicked while it was reconnecting", async () => {
    const { code, ana } = await ownedRoom();
    const bob = await server.join({ code, name: "Bob" });
    const dropped = nextEvent(ana.socket, "member:updated");
    bob.socket.close();
    expect((await dropped).member).toEqual({ name: "Bob", status: "reconnecting" });
    const left = nextEvent(ana.socket, "member:left", 3_000);
    ok(await emit(ana.socket, "room:kick", { name: "Bob" }));
    expect((await left).members.map((member) => member.name)).toEqual(["Ana"]);
    ana.socket.close();
  });

  it("refuses every owner action to anyone but the owner, and malformed ones to the owner", async () => {
    const { code, ana } = await ownedRoom();
    const bob = await server.join({ code, name: "Bob" });
    const attempts: Array<[OwnerEvent, unknown]> = [
      ["room:kick", { name: "Ana" }],
      ["room:unkick", { name: "Ana" }],
      ["room:lock", { locked: true }],
      ["room:passphrase", { passphrase: "x" }],
      ["room:transfer", { name: "Bob" }],
      ["room:lifetime", { lifetimeHours: 1 }],
      ["room:ownerKey", {}],
      ["room:end", {}],
    ];
    for (const [event, payload] of attempts) expect([event, refusal(await emit(bob.socket, event, payload))]).toEqual([event, "forbidden"]);
    const malformed: Array<[OwnerEvent, unknown]> = [
      ["room:kick", { name: 5 }],
      ["room:kick", { name: "Bob", extra: 1 }],
      ["room:unkick", null],
      ["room:lock", { locked: "yes" }],
      ["room:passphrase", { passphrase: "" }],
      ["room:passphrase", { passphrase: "x".repeat(257) }],
      ["room:transfer", {}],
      ["room:lifetime", { lifetimeHours: 2 }],
      ["room:ownerKey", { key: "mine" }],
      ["room:end", { now: true }],
    ];
    for (const [event, payload] of malformed) expect([event, refusal(await emit(ana.socket, event, payload))]).toEqual([event, "invalid_payload"]);
    // The room is as it was, and still there.
    expect(await server.services.owner.state(code)).toMatchObject({ owner: "Ana", locked: false, hasPassphrase: false, lifetimeHours: 168 });
    ana.socket.close();
    bob.socket.close();
  });

  it("kicks a member: its connections end with kicked at once, it cannot come back under any name, and unkick lets it back", async () => {
    const { code, ana } = await ownedRoom();
    const bobToken = token("bob");
    const bob = await server.join({ code, name: "Bob", memberToken: bobToken });
    const bobAgain = await server.join({ code, name: "Bob", memberToken: bobToken });
    const cy = await server.join({ code, name: "Cy" });
    const ended = [nextEvent(bob.socket, "session:ended"), nextEvent(bobAgain.socket, "session:ended")];
    const cyTold = nextEvent(cy.socket, "room:updated");
    const cyLeft = nextEvent(cy.socket, "member:left", 5_000);

    const after = ok(await emit(ana.socket, "room:kick", { name: "bob" }));
    expect(after.kicked).toEqual(["Bob"]);
    expect(await Promise.all(ended)).toEqual([expect.objectContaining({ code: "kicked" }), expect.objectContaining({ code: "kicked" })]);
    expect(await cyTold).toEqual({ room: after, action: { kind: "kicked", by: "Ana", name: "Bob" } });
    // Announced at once, not after the 60 s grace period.
    expect((await cyLeft).member.name).toBe("Bob");

    expect(await outcome({ code, name: "Bob", memberToken: bobToken })).toBe("kicked");
    expect(await outcome({ code, name: "Robert", memberToken: bobToken })).toBe("kicked");
    expect(refusal(await emit(ana.socket, "room:kick", { name: "Nobody" }))).toBe("member_not_found");
    expect(refusal(await emit(ana.socket, "room:kick", { name: "Ana" }))).toBe("invalid_payload");
    expect(refusal(await emit(ana.socket, "room:unkick", { name: "Cy" }))).toBe("member_not_found");

    const cyToldAgain = nextEvent(cy.socket, "room:updated");
    expect(ok(await emit(ana.socket, "room:unkick", { name: "Bob" })).kicked).toEqual([]);
    expect((await cyToldAgain).action).toEqual({ kind: "unkicked", by: "Ana", name: "Bob" });
    expect(await outcome({ code, name: "Bob", memberToken: bobToken })).toBe("joined");
    ana.socket.close();
    cy.socket.close();
  });

  it("locks the room: newcomers are refused room_locked, members who were in it and the owner come back", async () => {
    const { code, ownerKey, ana, anaToken } = await ownedRoom();
    const bobToken = token("bob");
    (await server.join({ code, name: "Bob", memberToken: bobToken })).socket.close();
    const told = nextEvent(ana.socket, "room:updated");
    expect(ok(await emit(ana.socket, "room:lock", { locked: true })).locked).toBe(true);
    expect((await told).action).toEqual({ kind: "locked", by: "Ana" });

    expect(await outcome({ code, name: "Newcomer" })).toBe("room_locked");
    // A taken name is not revealed to someone the lock keeps out.
    expect(await outcome({ code, name: "Bob" })).toBe("room_locked");
    expect(await outcome({ code, name: "Bob", memberToken: bobToken })).toBe("joined");
    ana.socket.close();
    expect(await outcome({ code, name: "Ana", memberToken: anaToken })).toBe("joined");
    expect(await outcome({ code, name: "Ana", memberToken: anaToken, ownerKey })).toBe("joined");

    const owner = await server.join({ code, name: "Ana", memberToken: anaToken });
    expect(ok(await emit(owner.socket, "room:lock", { locked: false })).locked).toBe(false);
    expect(await outcome({ code, name: "Newcomer" })).toBe("joined");
    owner.socket.close();
  });

  it("asks newcomers for the passphrase, keeps only its scrypt hash, and lets returning members in without it", async () => {
    const { code, ana } = await ownedRoom();
    const bobToken = token("bob");
    (await server.join({ code, name: "Bob", memberToken: bobToken })).socket.close();
    const told = nextEvent(ana.socket, "room:updated");
    expect(ok(await emit(ana.socket, "room:passphrase", { passphrase: "open sesame" })).hasPassphrase).toBe(true);
    expect((await told).action).toEqual({ kind: "passphrase_set", by: "Ana" });
    const stored = (await server.services.store.roomControl(code))?.passphraseHash ?? "";
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored).not.toContain("open sesame");

    expect(await outcome({ code, name: "Cy" })).toBe("passphrase_required");
    expect(await outcome({ code, name: "Cy", passphrase: "open sesame!" })).toBe("wrong_passphrase");
    expect(await outcome({ code, name: "Cy", passphrase: "open sesame" })).toBe("joined");
    expect(await outcome({ code, name: "Bob", memberToken: bobToken })).toBe("joined");

    expect(ok(await emit(ana.socket, "room:passphrase", { passphrase: null })).hasPassphrase).toBe(false);
    expect(await outcome({ code, name: "Dee" })).toBe("joined");
    ana.socket.close();
  });

  it("hands ownership to a member present: the old owner and its key lose it, and the new owner can get a key of its own", async () => {
    const { code, ownerKey, ana } = await ownedRoom();
    const bobToken = token("bob");
    const bob = await server.join({ code, name: "Bob", memberToken: bobToken });
    (await server.join({ code, name: "Gone" })).socket.close();
    expect(refusal(await emit(ana.socket, "room:transfer", { name: "Gone" }))).toBe("member_not_found");

    const bobTold = nextEvent(bob.socket, "room:updated");
    expect(ok(await emit(ana.socket, "room:transfer", { name: "Bob" })).owner).toBe("Bob");
    expect(await bobTold).toEqual({ room: expect.objectContaining({ owner: "Bob" }), action: { kind: "transferred", by: "Ana", name: "Bob" } });
    expect(refusal(await emit(ana.socket, "room:lock", { locked: true }))).toBe("forbidden");
    // The old key makes nobody the owner any more.
    const withOldKey = await server.join({ code, name: "Eve", ownerKey });
    expect(withOldKey.snapshot.room.owner).toBe("Bob");
    withOldKey.socket.close();

    const { ownerKey: bobsKey } = ok(await emit<{ ownerKey: string }>(bob.socket, "room:ownerKey", {}));
    expect(bobsKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    bob.socket.close();
    // Bob's new key works from a new browser (another member token); the owner is then that member.
    const bobElsewhere = await server.join({ code, name: "Bob2", ownerKey: bobsKey });
    expect(bobElsewhere.snapshot.room.owner).toBe("Bob2");
    bobElsewhere.socket.close();
    ana.socket.close();
  });

  it("changes the room's lifetime within what the server keeps", async () => {
    const { code, ana } = await ownedRoom();
    const state = ok(await emit(ana.socket, "room:lifetime", { lifetimeHours: 24 }));
    expect(state.lifetimeHours).toBe(24);
    expect(Date.parse(state.expiresAt) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect(Date.parse(state.expiresAt) - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);
    // ROOM_RETENTION_HOURS is 200 here.
    expect(refusal(await emit(ana.socket, "room:lifetime", { lifetimeHours: 720 }))).toBe("invalid_payload");
    expect((await server.services.owner.state(code)).lifetimeHours).toBe(24);
    ana.socket.close();
  });

  it("ends the room: everyone is told room_ended, every message is gone and the code names no room", async () => {
    const { code, ana } = await ownedRoom();
    const bob = await server.join({ code, name: "Bob" });
    const secret = `a secret ${crypto.randomUUID()}`;
    await bob.socket.emitWithAck("message:send", { text: secret, clientId: crypto.randomUUID() });
    const told = [nextEvent(bob.socket, "session:ended"), nextEvent(ana.socket, "session:ended")];
    expect(await emit<null>(ana.socket, "room:end", {})).toEqual({ ok: true, data: null });
    const reasons = (await Promise.all(told)) as ApiError[];
    expect(reasons.map((reason) => reason.code)).toEqual(["room_ended", "room_ended"]);
    expect(await server.services.store.getRoom(code)).toBeNull();
    expect(await server.services.store.listMessages(code, { limit: 50 })).toMatchObject({ messages: [] });
    expect(await outcome({ code, name: "Bob" })).toBe("room_not_found");
    expect(await server.services.store.isCodeRetired(code, new Date(Date.now() - 60_000))).toBe(true);
    // secure_delete and the checkpoint about a second after a deletion (lib/store/sqlite.ts) erase the text from both files.
    const { database } = server.services.config;
    if (database.kind !== "sqlite") throw new Error("the in-process server runs on SQLite");
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const file of [database.file, `${database.file}-wal`]) expect([file, existsSync(file) && readFileSync(file).includes(secret)]).toEqual([file, false]);
  });

  it("a join that crosses a kick is ended once it is admitted", async () => {
    const { code, ana } = await ownedRoom();
    const bobToken = token("bob");
    const bob = await server.join({ code, name: "Bob", memberToken: bobToken });
    bob.socket.close();
    // The kick lands while Bob's next handshake is under way; either it refuses him or ends him.
    const rejoin = server.join({ code, name: "Bob", memberToken: bobToken }).then(
      (member) => nextEvent(member.socket, "session:ended").then((reason: ApiError) => reason.code),
      (error: Error) => error.message,
    );
    ok(await emit(ana.socket, "room:kick", { name: "Bob" }));
    expect(await rejoin).toBe("kicked");
    ana.socket.close();
  });

  it("limits the owner's actions per minute", async () => {
    const limited = await startInProcess({ RATE_OWNER_ACTIONS_PER_MINUTE: "3" });
    try {
      const { code, ownerKey } = await limited.services.rooms.createRoom();
      const ana = await limited.join({ code, name: "Ana", ownerKey });
      const results: string[] = [];
      for (let i = 0; i < 4; i += 1) results.push(refusal(await emit(ana.socket, "room:lock", { locked: i % 2 === 0 })));
      expect(results).toEqual(["ok", "ok", "ok", "rate_limited"]);
    } finally {
      await limited.stop();
    }
  });

  it("tells the room of each action with the notice a client shows", async () => {
    const { code, ana } = await ownedRoom();
    const bob = await server.join({ code, name: "Bob" });
    const seen: RoomUpdate[] = [];
    bob.socket.on("room:updated", (update) => seen.push(update));
    ok(await emit(ana.socket, "room:lock", { locked: true }));
    ok(await emit(ana.socket, "room:lock", { locked: false }));
    ok(await emit(ana.socket, "room:passphrase", { passphrase: "p" }));
    ok(await emit(ana.socket, "room:passphrase", { passphrase: null }));
    ok(await emit(ana.socket, "room:lifetime", { lifetimeHours: 1 }));
    await nextEvent(bob.socket, "room:updated").catch(() => undefined);
    expect(seen.map((update) => update.action)).toEqual([
      { kind: "locked", by: "Ana" },
      { kind: "unlocked", by: "Ana" },
      { kind: "passphrase_set", by: "Ana" },
      { kind: "passphrase_cleared", by: "Ana" },
      { kind: "lifetime", by: "Ana", lifetimeHours: 1 },
    ]);
    expect(seen.at(-1)?.room).toMatchObject({ owner: "Ana", lifetimeHours: 1, hasPassphrase: false, locked: false });
    ana.socket.close();
    bob.socket.close();
  });
});
