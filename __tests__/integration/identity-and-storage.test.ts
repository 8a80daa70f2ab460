/**
 * Issue 15 against the real server: limits consumed before the work they guard, and rooms deleted by
 * the retention sweep that server.ts starts. Names and storage quotas, which the socket layer enforces,
 * are tested in-process: __tests__/realtime/identity-and-storage.test.ts.
 */
import path from "node:path";
import type { Ack, ApiError, Message } from "@/lib/protocol";
import { createRoom, join, nextEvent, startServer, tempDir, type RunningServer, type TestSocket } from "./harness";

const send = (socket: TestSocket, text: string) => socket.emitWithAck("message:send", { text, clientId: crypto.randomUUID() }) as Promise<Ack<Message>>;
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: Error & { data?: ApiError }) => error.data?.code ?? error.message,
  );

describe("hardening, second round (real server)", () => {
  const tmp = tempDir("hardening");
  const servers: RunningServer[] = [];
  const sockets: TestSocket[] = [];
  const boot = async (env: Record<string, string> = {}) => {
    const server = await startServer(path.join(tmp.dir, `${servers.length}.db`), env);
    servers.push(server);
    return server;
  };
  const member = async (server: RunningServer, code: string, name: string) => {
    const joined = await join(server.url, { code, name });
    sockets.push(joined.socket);
    return joined;
  };
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all(servers.map((server) => server.stop()));
    tmp.remove();
  });

  it("answers 300 concurrent wrong codes from one address with exactly the limit's worth of 404s", async () => {
    const server = await boot({ RATE_BAD_CODES_PER_10MIN: "30" });
    const statuses = await Promise.all(Array.from({ length: 300 }, (_, i) => fetch(`${server.url}/api/rooms/WRONG${String(i).padStart(4, "2")}`).then((r) => r.status)));
    const count = (status: number) => statuses.filter((s) => s === status).length;
    console.log(`300 concurrent wrong codes: ${count(404)} answered 404, ${count(429)} refused 429`);
    expect(count(404)).toBe(30);
    expect(count(429)).toBe(270);
    // A real code is refused too once the misses are used up (the refusal tells nothing), over the handshake as well.
    const code = await createRoom(server.url);
    expect((await fetch(`${server.url}/api/rooms/${code}`)).status).toBe(429);
    expect(await refusal(join(server.url, { code, name: "Ana" }))).toBe("rate_limited");
  });

  it("deletes a room idle past the retention, tells who is there, and forgets its code", async () => {
    const server = await boot({ ROOM_RETENTION_HOURS: String(1.5 / 3600), RETENTION_SWEEP_INTERVAL_MS: "200" });
    const code = await createRoom(server.url);
    const ana = await member(server, code, "Ana");
    expect((await send(ana.socket, "soon gone")).ok).toBe(true);
    const ended = await nextEvent(ana.socket, "session:ended", 5_000);
    expect(ended).toMatchObject({ code: "room_not_found" });
    expect((await fetch(`${server.url}/api/rooms/${code}`)).status).toBe(404);
    expect(await refusal(join(server.url, { code, name: "Ana" }))).toBe("room_not_found");
  });
});
