import { Client } from "pg";
import { createRoom, join, nextEvent, startServer, storedHistory, type RunningServer } from "../integration/harness";
import { createTestDatabase, type TestDatabase } from "../../tooling/postgres";
import type { Ack, Message } from "@/lib/protocol";

describe("the real server on PostgreSQL (DATABASE_URL=postgres://...)", () => {
  let database: TestDatabase;
  const servers: RunningServer[] = [];
  const start = async () => {
    const server = await startServer({ url: database.url });
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop("SIGKILL")));
    await database.drop();
  });

  it("serves a room whose members talk live, and keeps the history across a restart", async () => {
    const first = await start();
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    const code = await createRoom(first.url);
    const ana = await join(first.url, { code, name: "Ana" });
    const bob = await join(first.url, { code, name: "Bob" });

    const sent: Message[] = [];
    for (const [from, text] of [
      [ana, "hello Bob"],
      [bob, "hi Ana"],
    ] as const) {
      // Both receive it, the sender's copy included; waiting for both leaves no event for the next round.
      const received = Promise.all([nextEvent(ana.socket, "message:created"), nextEvent(bob.socket, "message:created")]);
      const ack = (await from.socket.emitWithAck("message:send", { text, clientId: crypto.randomUUID() })) as Ack<Message>;
      if (!ack.ok) throw new Error(ack.error.message);
      expect(await received).toEqual([ack.data, ack.data]);
      sent.push(ack.data);
    }
    expect(sent.map((message) => message.seq)).toEqual([1, 2]);
    ana.socket.close();
    bob.socket.close();
    expect(await first.stop("SIGTERM")).toBe(0);

    const second = await start();
    expect(await storedHistory(second.url, code)).toEqual(sent);
    const cy = await join(second.url, { code, name: "Cy" });
    expect(cy.snapshot.messages).toEqual(sent);
    const ack = (await cy.socket.emitWithAck("message:send", { text: "after the restart", clientId: crypto.randomUUID() })) as Ack<Message>;
    expect(ack.ok && ack.data.seq).toBe(3);
    cy.socket.close();

    // The history really is in PostgreSQL, not in a SQLite file the server fell back to.
    const client = new Client({ connectionString: database.url });
    await client.connect();
    const stored = await client.query<{ seq: string }>("select seq from messages where room_code = $1 order by seq", [code]);
    await client.end();
    expect(stored.rows.map((row) => Number(row.seq))).toEqual([1, 2, 3]);
  });
});
