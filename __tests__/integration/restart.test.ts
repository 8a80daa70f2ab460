import path from "node:path";
import { createRoom, join, startServer, tempDir } from "./harness";
import type { Ack, Message } from "@/lib/protocol";

describe("persistence across restarts (real server process, same SQLite file)", () => {
  const tmp = tempDir("restart");
  const databaseFile = path.join(tmp.dir, "data", "chat.db");
  afterAll(() => tmp.remove());

  it("serves the history after a restart, and a graceful stop exits 0", async () => {
    const first = await startServer(databaseFile);
    const code = await createRoom(first.url);
    const ana = await join(first.url, { code, name: "Ana" });
    const sent: Message[] = [];
    for (const text of ["before the restart", "second", "third"]) {
      const ack = (await ana.socket.emitWithAck("message:send", { text, clientId: crypto.randomUUID() })) as Ack<Message>;
      if (!ack.ok) throw new Error(ack.error.message);
      sent.push(ack.data);
    }
    ana.socket.close();
    expect(await first.stop("SIGTERM")).toBe(0);
    expect(first.output.some((line) => line.includes('"msg":"stopped"'))).toBe(true);

    const second = await startServer(databaseFile);
    try {
      const room = await fetch(`${second.url}/api/rooms/${code}`);
      expect(room.status).toBe(200);
      const history = (await (await fetch(`${second.url}/api/rooms/${code}/messages`)).json()) as { messages: Message[] };
      expect(history.messages).toEqual(sent);

      const bob = await join(second.url, { code, name: "Bob" });
      expect(bob.snapshot.messages).toEqual(sent);
      const ack = (await bob.socket.emitWithAck("message:send", { text: "after", clientId: crypto.randomUUID() })) as Ack<Message>;
      expect(ack.ok && ack.data.seq).toBe(4);
      bob.socket.close();
    } finally {
      await second.stop();
    }
  });

  it("keeps acknowledged messages when the process is killed outright", async () => {
    const first = await startServer(databaseFile);
    const code = await createRoom(first.url);
    const ana = await join(first.url, { code, name: "Ana" });
    const ack = (await ana.socket.emitWithAck("message:send", { text: "durable", clientId: crypto.randomUUID() })) as Ack<Message>;
    expect(ack.ok).toBe(true);
    ana.socket.close();
    await first.stop("SIGKILL");

    const second = await startServer(databaseFile);
    try {
      const history = (await (await fetch(`${second.url}/api/rooms/${code}/messages`)).json()) as { messages: Message[] };
      expect(history.messages.map((m) => m.text)).toEqual(["durable"]);
    } finally {
      await second.stop();
    }
  });
});
