/**
 * What the chat's socket flow needs the whole server for: /healthz and the process through a barrage of
 * bad payloads, and history paged over HTTP. The socket flow itself: __tests__/realtime/chat.test.ts.
 */
import path from "node:path";
import { createRoom, join, startServer, tempDir, type RunningServer } from "./harness";
import type { Ack, Message } from "@/lib/protocol";

const uuid = () => crypto.randomUUID();

describe("realtime chat (real server, real sockets)", () => {
  const tmp = tempDir("realtime");
  let server: RunningServer;
  const cleanup: Array<() => void> = [];

  beforeAll(async () => {
    server = await startServer(path.join(tmp.dir, "chat.db"));
  });
  afterEach(() => {
    while (cleanup.length > 0) cleanup.pop()?.();
  });
  afterAll(async () => {
    await server.stop();
    tmp.remove();
  });

  async function member(code: string, name: string, memberToken?: string) {
    const joined = await join(server.url, memberToken === undefined ? { code, name } : { code, name, memberToken });
    cleanup.push(() => joined.socket.close());
    return joined;
  }

  it("refuses invalid messages with a typed error and stays up", async () => {
    const code = await createRoom(server.url);
    const ana = await member(code, "Ana");
    const bad: unknown[] = [
      { text: "", clientId: uuid() },
      { text: "   \n  ", clientId: uuid() },
      { text: "x".repeat(4001), clientId: uuid() },
      { text: "hello" },
      { text: "hello", clientId: "not-a-uuid" },
      { text: 42, clientId: uuid() },
      { text: "nul\u0000byte", clientId: uuid() },
      "just a string",
      null,
      [1, 2, 3],
    ];
    for (const payload of bad) {
      const ack = (await ana.socket.emitWithAck("message:send", payload as never)) as Ack<Message>;
      expect(ack).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
      if (!ack.ok) expect(ack.error.message.length).toBeGreaterThan(0);
    }
    // Without an acknowledgement callback: nothing to answer, nothing to crash.
    ana.socket.emit("message:send", { text: 1 } as never, undefined as never);

    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ok = (await ana.socket.emitWithAck("message:send", { text: "x".repeat(4000), clientId: uuid() })) as Ack<Message>;
    expect(ok.ok && ok.data.seq).toBe(1);
    expect(server.process.exitCode).toBeNull();
  });

  it("pages history over HTTP, oldest first, with before= and limit=", async () => {
    const code = await createRoom(server.url);
    const ana = await member(code, "Ana");
    for (let i = 1; i <= 7; i += 1) await ana.socket.emitWithAck("message:send", { text: `m${i}`, clientId: uuid() });

    const newest = (await (await fetch(`${server.url}/api/rooms/${code}/messages?limit=3`)).json()) as { messages: Message[]; hasOlder: boolean };
    expect(newest.messages.map((m) => m.text)).toEqual(["m5", "m6", "m7"]);
    expect(newest.hasOlder).toBe(true);
    const older = (await (await fetch(`${server.url}/api/rooms/${code}/messages?limit=3&before=5`)).json()) as { messages: Message[]; hasOlder: boolean };
    expect(older.messages.map((m) => m.seq)).toEqual([2, 3, 4]);
    const oldest = (await (await fetch(`${server.url}/api/rooms/${code}/messages?limit=3&before=2`)).json()) as { messages: Message[]; hasOlder: boolean };
    expect(oldest).toMatchObject({ hasOlder: false, messages: [{ seq: 1, text: "m1" }] });

    const late = await member(code, "Late");
    expect(late.snapshot.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
