/**
 * The limits the socket layer enforces, against the realtime layer in-process, each with low settings
 * so that it is reached quickly. Those over HTTP, and the flood's effect on other members' latency
 * (which needs the server in a process of its own), are in __tests__/integration/limits.test.ts.
 */
import { io } from "socket.io-client";
import type { Ack, Message } from "@/lib/protocol";
import { nextEvent, type TestSocket } from "../sockets";
import { startInProcess, type InProcessServer } from "./in-process";

const uuid = () => crypto.randomUUID();
const send = (socket: TestSocket, text: string) => socket.emitWithAck("message:send", { text, clientId: uuid() }) as Promise<Ack<Message>>;

describe("limits (in-process server)", () => {
  const servers: InProcessServer[] = [];
  const boot = async (env: Record<string, string>) => {
    const server = await startInProcess(env);
    servers.push(server);
    return server;
  };
  const member = async (server: InProcessServer, code: string, name: string) => (await server.join({ code, name })).socket;
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
  });

  it("lets a member burst, then refuses with rate_limited and a retry-after, then disconnects a flooder with a reason", async () => {
    const server = await boot({ RATE_MESSAGES_PER_10S: "3", RATE_MESSAGES_BURST: "2", FLOOD_DISCONNECT_AFTER: "3" });
    const code = await server.createRoom();
    const flooder = await member(server, code, "Flooder");
    const results = [];
    for (let i = 0; i < 6; i += 1) results.push(await send(flooder, `m${i}`));
    expect(results.slice(0, 5).every((r) => r.ok)).toBe(true);
    const refused = results[5]!;
    expect(refused).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    if (!refused.ok) expect(refused.error.retryAfterMs).toBeGreaterThan(0);

    const ended = nextEvent(flooder, "session:ended");
    const disconnected = new Promise<string>((resolve) => flooder.once("disconnect", resolve));
    for (let i = 0; i < 4; i += 1) {
      await flooder.timeout(1_000).emitWithAck("message:send", { text: "more", clientId: uuid() }).catch(() => undefined);
    }
    expect(await ended).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/too many requests/) });
    expect(await disconnected).toBe("io server disconnect");
    // The server goes on: another member joins and sends.
    expect((await send(await member(server, code, "Calm"), "still up")).ok).toBe(true);
  });

  it("holds edits, deletions and reactions to a budget of their own per member, which leaves messages and other members alone", async () => {
    const server = await boot({ RATE_CHANGES_PER_10S: "3", RATE_MESSAGES_PER_10S: "10", FLOOD_DISCONNECT_AFTER: "100" });
    const code = await server.createRoom();
    const busy = await member(server, code, "Busy");
    const calm = await member(server, code, "Calm");
    const sent = await send(busy, "react to this");
    if (!sent.ok) throw new Error(sent.error.message);
    const react = (socket: TestSocket, emoji: string) => socket.emitWithAck("reaction:add", { messageId: sent.data.id, emoji }) as Promise<Ack<Message>>;
    const results = [];
    for (const emoji of ["😀", "😁", "😂", "🤣"]) results.push(await react(busy, emoji));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false]);
    expect(results[3]).toMatchObject({ ok: false, error: { code: "rate_limited", retryAfterMs: expect.any(Number) } });
    const edit = await busy.emitWithAck("message:edit", { id: sent.data.id, text: "edited" });
    expect(edit).toMatchObject({ ok: false, error: { code: "rate_limited" } });
    // Sending is a budget apart, and another member's changes are not held up.
    expect((await send(busy, "still sending")).ok).toBe(true);
    expect((await react(calm, "😀")).ok).toBe(true);
  });

  it("caps connections per address and per room", async () => {
    const server = await boot({ MAX_CONNECTIONS_PER_IP: "4", MAX_CONNECTIONS_PER_ROOM: "3" });
    const roomA = await server.createRoom();
    const roomB = await server.createRoom();
    const inA = await Promise.all([0, 1, 2].map((i) => member(server, roomA, `A${i}`)));
    await expect(server.join({ code: roomA, name: "A3" })).rejects.toMatchObject({ message: "room_full" });
    await member(server, roomB, "B0");
    await expect(server.join({ code: roomB, name: "B1" })).rejects.toMatchObject({ message: "rate_limited" });
    inA[0]!.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(member(server, roomB, "B1")).resolves.toBeDefined();
  });

  it("drops a frame larger than the protocol needs and stays up", async () => {
    const server = await boot({});
    const code = await server.createRoom();
    const big = await member(server, code, "Big");
    const closed = new Promise<string>((resolve) => big.once("disconnect", resolve));
    big.emit("message:send", { text: "x".repeat(64 * 1024), clientId: uuid() }, () => undefined);
    expect(await closed).toMatch(/transport (close|error)/);
    const fine = await member(server, code, "Fine");
    expect((await send(fine, "still here")).ok).toBe(true);
  });

  it("refuses sockets from a foreign Origin and accepts its own", async () => {
    const server = await boot({});
    const code = await server.createRoom();
    const attempt = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = io(server.url, {
          auth: { code, name: `N${Math.random()}`.slice(0, 10), memberToken: `token-${uuid()}` },
          transports: ["websocket"],
          reconnection: false,
          extraHeaders: { origin },
        });
        socket.once("connect", () => (socket.close(), resolve("connected")));
        socket.once("connect_error", () => (socket.close(), resolve("refused")));
      });
    expect(await attempt("https://evil.example")).toBe("refused");
    expect(await attempt(server.url)).toBe("connected");
  });
});
