/** The chat's socket flow against the realtime layer in-process: joins, names, sends and leaves. */
import type { Ack, Message } from "@/lib/protocol";
import { nextEvent } from "../sockets";
import { startInProcess, type InProcessServer } from "./in-process";

const uuid = () => crypto.randomUUID();

describe("realtime chat (in-process server, real sockets)", () => {
  let server: InProcessServer;
  const cleanup: Array<() => void> = [];

  beforeAll(async () => {
    server = await startInProcess();
  });
  afterEach(() => {
    while (cleanup.length > 0) cleanup.pop()?.();
  });
  afterAll(async () => {
    await server.stop();
  });

  async function member(code: string, name: string, memberToken?: string) {
    const joined = await server.join(memberToken === undefined ? { code, name } : { code, name, memberToken });
    cleanup.push(() => joined.socket.close());
    return joined;
  }

  it("lets two members exchange messages live, the sender's copy included", async () => {
    const code = await server.createRoom();
    const ana = await member(code, "Ana");
    expect(ana.snapshot).toMatchObject({ code, you: { name: "Ana" }, members: [{ name: "Ana" }], messages: [], hasOlder: false });

    const anaSeesBob = nextEvent(ana.socket, "member:joined");
    const bob = await member(code, "Bob");
    expect((await anaSeesBob).member).toEqual({ name: "Bob" });
    expect(bob.snapshot.members.map((m) => m.name)).toEqual(["Ana", "Bob"]);

    const bobReceives = nextEvent(bob.socket, "message:created");
    const anaEcho = nextEvent(ana.socket, "message:created");
    const clientId = uuid();
    const ack = (await ana.socket.emitWithAck("message:send", { text: "  hello <b>Bob</b>  ", clientId })) as Ack<Message>;
    if (!ack.ok) throw new Error(ack.error.message);
    expect(ack.data).toMatchObject({ seq: 1, roomCode: code, clientId, author: { name: "Ana" }, text: "hello <b>Bob</b>" });
    expect(new Date(ack.data.createdAt).toISOString()).toBe(ack.data.createdAt);
    expect(await bobReceives).toEqual(ack.data);
    expect(await anaEcho).toEqual(ack.data);

    const anaReceives = nextEvent(ana.socket, "message:created");
    const reply = (await bob.socket.emitWithAck("message:send", { text: "hi Ana", clientId: uuid() })) as Ack<Message>;
    expect(reply.ok && reply.data.seq).toBe(2);
    expect(await anaReceives).toMatchObject({ seq: 2, author: { name: "Bob" }, text: "hi Ana" });
  });

  it("takes the author from the connection, never from the payload", async () => {
    const code = await server.createRoom();
    const eve = await member(code, "Eve");
    const ack = (await eve.socket.emitWithAck("message:send", {
      text: "I am Ana",
      clientId: uuid(),
      author: { name: "Ana" },
    } as never)) as Ack<Message>;
    // Extra fields are refused outright rather than silently ignored.
    expect(ack.ok).toBe(false);
    const ok = (await eve.socket.emitWithAck("message:send", { text: "hello", clientId: uuid() })) as Ack<Message>;
    expect(ok.ok && ok.data.author).toEqual({ id: eve.snapshot.you.id, name: "Eve" });
  });

  it("refuses an unknown room with room_not_found", async () => {
    await expect(server.join({ code: "ZZZZZZZZZ", name: "Ana" })).rejects.toMatchObject({ message: "room_not_found" });
    await expect(server.join({ code: "not a code", name: "Ana" })).rejects.toMatchObject({ message: "room_not_found" });
  });

  it("refuses a name already used in the room, compared case-insensitively", async () => {
    const code = await server.createRoom();
    await member(code, "Zoë");
    await expect(server.join({ code, name: "ZOË" })).rejects.toMatchObject({
      message: "name_taken",
      data: { code: "name_taken" },
    });
    // The same name in another room is fine.
    const other = await server.createRoom();
    await expect(member(other, "Zoë")).resolves.toBeDefined();
  });

  it("refuses invalid names with invalid_name", async () => {
    const code = await server.createRoom();
    for (const name of ["", "   ", "a".repeat(33), "bad\u0007bell", "evil\u202Eeman"]) {
      await expect(server.join({ code, name })).rejects.toMatchObject({ message: "invalid_name" });
    }
    // 32 characters after trimming and NFC normalisation is fine; emoji count once.
    const joined = await member(code, `  ${"é".normalize("NFD")}${"😀".repeat(31)}  `);
    expect(joined.snapshot.you.name).toBe(`é${"😀".repeat(31)}`);
  });

  it("gives a reconnecting browser its name back at once, without a second join notice", async () => {
    const code = await server.createRoom();
    const watcher = await member(code, "Watcher");
    const memberToken = `same-browser-${uuid()}`;
    const joins: string[] = [];
    watcher.socket.on("member:joined", ({ member: m }) => joins.push(m.name));

    const first = await member(code, "Ana", memberToken);
    // The old connection is still open (a ghost); the same browser comes back with the same token.
    const second = await member(code, "ana", memberToken);
    expect(second.snapshot.you.name).toBe("Ana");
    expect(second.snapshot.members.map((m) => m.name)).toEqual(["Ana", "Watcher"]);

    // Closing the ghost announces nothing: Ana is still here.
    const leaves: string[] = [];
    watcher.socket.on("member:left", ({ member: m }) => leaves.push(m.name));
    first.socket.close();
    const probe = (await second.socket.emitWithAck("message:send", { text: "still here", clientId: uuid() })) as Ack<Message>;
    expect(probe.ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(joins).toEqual(["Ana"]);
    expect(leaves).toEqual([]);
  });

  it("stores a retried send once and answers it with the stored message", async () => {
    const code = await server.createRoom();
    const ana = await member(code, "Ana");
    const clientId = uuid();
    const first = (await ana.socket.emitWithAck("message:send", { text: "once", clientId })) as Ack<Message>;
    const retry = (await ana.socket.emitWithAck("message:send", { text: "once", clientId })) as Ack<Message>;
    expect(first.ok && retry.ok).toBe(true);
    if (first.ok && retry.ok) expect(retry.data).toEqual(first.data);
    expect(await server.storedHistory(code)).toHaveLength(1);
  });

  it("announces a leave to the others with the remaining members", async () => {
    const code = await server.createRoom();
    const ana = await member(code, "Ana");
    const bobToken = `bob-${uuid()}`;
    const bob = await member(code, "Bob", bobToken);
    const left = nextEvent(ana.socket, "member:left");
    await bob.socket.emitWithAck("room:leave");
    expect(await left).toEqual({ member: { name: "Bob" }, members: [{ name: "Ana" }] });
    // Bob's name stays his for the room's life: nobody else may post under it, and he may come back.
    await expect(member(code, "Bob")).rejects.toThrow("name_taken");
    await expect(member(code, "Bob", bobToken)).resolves.toBeDefined();
  });
});
