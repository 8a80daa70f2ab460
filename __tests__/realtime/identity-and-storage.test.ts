/**
 * Issue 15 against the realtime layer in-process: names that stay their member's, and storage that one
 * address, one room or the whole server cannot fill. Limits counted over HTTP and the retention sweep
 * (which server.ts starts) are in __tests__/integration/identity-and-storage.test.ts.
 */
import type { Ack, ApiError, Message } from "@/lib/protocol";
import type { TestSocket } from "../sockets";
import { startInProcess, type InProcessServer } from "./in-process";

const LARGEST_TEXT = "😀".repeat(4000); // 16,000 bytes of UTF-8
const send = (socket: TestSocket, text: string) => socket.emitWithAck("message:send", { text, clientId: crypto.randomUUID() }) as Promise<Ack<Message>>;
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: Error & { data?: ApiError }) => error.data?.code ?? error.message,
  );

describe("hardening, second round (in-process server)", () => {
  const servers: InProcessServer[] = [];
  const boot = async (env: Record<string, string> = {}) => {
    const server = await startInProcess(env);
    servers.push(server);
    return server;
  };
  const member = (server: InProcessServer, code: string, name: string, memberToken?: string) =>
    server.join({ code, name, ...(memberToken === undefined ? {} : { memberToken }) });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
  });

  it("keeps a name with its first member for the room's life, and tells authors apart by id", async () => {
    const server = await boot({ PRESENCE_GRACE_MS: "0" });
    const code = await server.createRoom();
    const ana = await member(server, code, "Ana", "ana-token-0123456789");
    const said = await send(ana.socket, "it's me");
    expect(ana.snapshot.you).toEqual({ id: expect.stringMatching(/^[0-9a-f]{16}$/), name: "Ana" });
    expect(said).toMatchObject({ ok: true, data: { author: { id: ana.snapshot.you.id, name: "Ana" } } });
    ana.socket.close();
    await new Promise((resolve) => setTimeout(resolve, 300)); // well past the grace period of 0

    // Long gone, and still hers: any spelling of it, from any other member token.
    for (const name of ["Ana", "ANA", "ana"]) expect(await refusal(server.join({ code, name, memberToken: "eve-token-0123456789" }))).toBe("name_taken");
    const eve = await member(server, code, "Eve", "eve-token-0123456789");
    const fake = await send(eve.socket, "it's me");
    expect(fake.ok && fake.data.author.id).not.toBe(ana.snapshot.you.id);

    // Ana comes back with her token, in her first spelling, with the same id.
    const back = await member(server, code, "ana", "ana-token-0123456789");
    expect(back.snapshot.you).toEqual(ana.snapshot.you);
    const history = await server.storedHistory(code);
    expect(new Set(history.map((m) => `${m.author.name}:${m.author.id}`)).size).toBe(2);
  });

  it("caps how much text one address stores per minute, whatever member tokens it uses", async () => {
    const server = await boot({ RATE_ADDRESS_KB_PER_MINUTE: "64" });
    const code = await server.createRoom();
    const members = await Promise.all(Array.from({ length: 40 }, (_, i) => member(server, code, `Bot ${i}`)));
    const started = performance.now();
    const results = await Promise.all(members.flatMap(({ socket }) => [send(socket, LARGEST_TEXT), send(socket, LARGEST_TEXT)]));
    const stored = results.filter((r) => r.ok).length;
    console.log(`40 members of one address sent 80 messages of 16 KB: ${stored} stored (${(stored * 16000) / 1000} KB) in ${Math.round(performance.now() - started)} ms, the rest refused`);
    // 64 KB a minute: four messages of 16 KB (each costs ceil(16,000 / 1,024) = 16 KB of the budget).
    expect(stored).toBe(4);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === "rate_limited" && (r.error.retryAfterMs ?? 0) > 0)).toBe(true);
  });

  it("refuses with quota_exceeded once a room holds its quota, and keeps other rooms going", async () => {
    const server = await boot({ ROOM_STORAGE_MB: "1", RATE_ADDRESS_KB_PER_MINUTE: "1000000" });
    const full = await server.createRoom();
    const writer = await member(server, full, "Ana");
    let stored = 0;
    let result: Ack<Message>;
    for (result = await send(writer.socket, LARGEST_TEXT); result.ok; result = await send(writer.socket, LARGEST_TEXT)) stored += 1;
    expect(result).toMatchObject({ ok: false, error: { code: "quota_exceeded" } });
    expect(stored).toBe(Math.floor((1024 * 1024) / 16000));
    // Something small still fits, nothing more does; another room has its own quota.
    expect((await send(writer.socket, "ok")).ok).toBe(true);
    const other = await member(server, await server.createRoom(), "Bob");
    expect((await send(other.socket, LARGEST_TEXT)).ok).toBe(true);
  });

  it("refuses with quota_exceeded once the server holds its quota, in every room", async () => {
    const server = await boot({ STORAGE_MAX_MB: "1", RATE_ADDRESS_KB_PER_MINUTE: "1000000" });
    const rooms = await Promise.all([server.createRoom(), server.createRoom()]);
    const writers = await Promise.all(rooms.map((code, i) => member(server, code, `Writer ${i}`)));
    const results: Array<Ack<Message>> = [];
    for (let i = 0; i < 80; i += 1) results.push(await send(writers[i % 2]!.socket, LARGEST_TEXT));
    const firstRefusal = results.findIndex((r) => !r.ok);
    expect(firstRefusal).toBe(Math.ceil((1024 * 1024) / 16000));
    expect(results.slice(firstRefusal).every((r) => !r.ok && r.error.code === "quota_exceeded")).toBe(true);
  });
});
