/**
 * The PostgreSQL store: the shared contract, then what only several instances over one database can
 * get wrong. Each "instance" is a store with its own connection pool. postgres-batch-writer.test.ts
 * checks the same races one level down, where group commit's fallback cannot hide a failed batch.
 */
import { Kysely, PostgresDialect, sql } from "kysely";
import { Client, Pool } from "pg";
import type { Database } from "@/lib/store/schema";
import type { ChatStore, NewMessage } from "@/lib/store/types";
import { expectSeededMessagesKept, migrateDownToFirst, NEW_KEY, OLD_KEY, seededRoomSeqs, seedAtFirstMigration } from "../send-key-migration";
import { CONTRACT_ROOM_QUOTA_BYTES, runStoreContract, stored } from "../store-contract";
import { runChangeContract } from "../store-contract-changes";
import { runRoomControlContract } from "../store-contract-room-control";
import { expectUpgradedInPlace, seedAtPreviousRelease } from "../change-migration";
import { createTestDatabase, type TestDatabase } from "../../tooling/postgres";
import { oneTo, open, ROOMS, send, storedSeqs } from "./sends";

runStoreContract("PostgreSQL", async () => {
  const database = await createTestDatabase();
  return { store: await open(database.url, CONTRACT_ROOM_QUOTA_BYTES), reopen: () => open(database.url, CONTRACT_ROOM_QUOTA_BYTES), cleanup: database.drop };
});

runChangeContract("PostgreSQL", async () => {
  const database = await createTestDatabase();
  return { store: await open(database.url, CONTRACT_ROOM_QUOTA_BYTES), cleanup: database.drop };
});

runRoomControlContract("PostgreSQL", async () => {
  const database = await createTestDatabase();
  return { store: await open(database.url, CONTRACT_ROOM_QUOTA_BYTES), cleanup: database.drop };
});

describe("PostgreSQL with two instances on one database", () => {
  let database: TestDatabase;
  let a: ChatStore;
  let b: ChatStore;

  beforeEach(async () => {
    database = await createTestDatabase();
    [a, b] = [await open(database.url), await open(database.url)];
    for (const code of ROOMS) await a.createRoom(code, new Date());
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
    await database.drop();
  });

  it("lets one instance at a time run a job such as the retention sweep, and the next once it is done", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = a.exclusively("retention-sweep", async () => {
      await held;
      return "a swept";
    });
    // B's turn comes while A still holds the job: B skips it; another job is free.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await b.exclusively("retention-sweep", () => Promise.resolve("b swept"))).toBeNull();
    expect(await b.exclusively("another-job", () => Promise.resolve("b other"))).toBe("b other");
    release();
    expect(await first).toBe("a swept");
    expect(await b.exclusively("retention-sweep", () => Promise.resolve("b swept"))).toBe("b swept");
    // A job that throws lets go of the lock too.
    await expect(a.exclusively("retention-sweep", () => Promise.reject(new Error("sweep failed")))).rejects.toThrow("sweep failed");
    expect(await b.exclusively("retention-sweep", () => Promise.resolve("b again"))).toBe("b again");
  });

  it("keeps seq unique and gap-free per room while both append to the same rooms, in opposite room orders", async () => {
    const perRoom = 120;
    // Each tick's sends form one group-commit batch per instance, holding all four rooms: A's in one
    // room order, B's in the other.
    const inputs = { a: [] as NewMessage[], b: [] as NewMessage[] };
    for (let i = 0; i < perRoom; i += 1) {
      for (const code of ROOMS) inputs.a.push(send(code, `a-${code}`));
      for (const code of [...ROOMS].reverse()) inputs.b.push(send(code, `b-${code}`));
    }
    const [fromA, fromB] = await Promise.all([Promise.all(inputs.a.map((m) => a.appendMessage(m).then(stored))), Promise.all(inputs.b.map((m) => b.appendMessage(m).then(stored)))]);

    expect([...fromA, ...fromB].every((result) => result?.created === true)).toBe(true);
    for (const code of ROOMS) expect(await storedSeqs(a, code)).toEqual(oneTo(2 * perRoom));
    // One sender's messages keep their order.
    for (const results of [fromA, fromB]) {
      const seqs = results.filter((r) => r?.message.roomCode === ROOMS[0]).map((r) => r?.message.seq ?? 0);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    }
  });

  it("stores a send that reaches both instances at once once, and answers both with it", async () => {
    const rounds = 40;
    const pairs = await Promise.all(
      Array.from({ length: rounds }, async () => {
        const input = send(ROOMS[0], "ana");
        return Promise.all([a.appendMessage(input).then(stored), b.appendMessage({ ...input }).then(stored)]);
      }),
    );
    for (const [first, second] of pairs) {
      expect(first?.message).toEqual(second?.message);
      expect([first?.created, second?.created].sort()).toEqual([false, true]);
    }
    expect(await storedSeqs(a, ROOMS[0])).toEqual(oneTo(rounds));
  });

  it("loses nothing and doubles nothing when a batch fails: the refused send fails alone", async () => {
    const room = ROOMS[0];
    // author_name is varchar(256): PostgreSQL refuses the whole batch's insert because of this one.
    const [good1, bad, good2] = [send(room, "ana"), send(room, "bob", { authorName: "x".repeat(300) }), send(room, "cy")];
    const results = await Promise.allSettled([good1, bad, good2].map((input) => a.appendMessage(input)));
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const stored = (await a.listMessagesAfter(room, 0, 10)).messages;
    expect(stored.map((m) => [m.seq, m.clientId])).toEqual([
      [1, good1.clientId],
      [2, good2.clientId],
    ]);
  });
});

describe("PostgreSQL migrations", () => {
  it("lets two instances start together on a fresh database", async () => {
    const database = await createTestDatabase();
    const [a, b] = await Promise.all([open(database.url), open(database.url)]);
    await a.createRoom("ROOMAAAAA", new Date());
    expect(await b.appendMessage(send("ROOMAAAAA", "ana"))).toMatchObject({ created: true, message: { seq: 1 } });
    await Promise.all([a.close(), b.close()]);

    const check = new Client({ connectionString: database.url });
    await check.connect();
    const applied = await check.query<{ name: string }>("select name from kysely_migration");
    await check.end();
    expect(applied.rows.map((row) => row.name)).toEqual(["0001_rooms_and_messages", "0002_send_key_led_by_client_id", "0003_quotas_retention_and_names", "0004_storage_probe", "0005_message_changes", "0006_present_members", "0007_room_control"]);
    await database.drop();
  });

  it("upgrades a database written by the previous release in place: its messages kept, then edited, reacted to and answered", async () => {
    const database = await createTestDatabase();
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: database.url, max: 1 }) }) });
    try {
      await seedAtPreviousRelease(db);
      const store = await open(database.url);
      await expectUpgradedInPlace(store);
      await store.close();
    } finally {
      await db.destroy();
      await database.drop();
    }
  });

  it("moves a database that holds messages to the send key led by client_id, and back", async () => {
    const database = await createTestDatabase();
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new Pool({ connectionString: database.url, max: 1 }) }) });
    /** Each unique index on messages, as its column list. */
    const uniqueKeys = async () => {
      const { rows } = await sql<{ columns: string[] }>`
        select array_agg(a.attname::text order by k.ordinality) as columns
        from pg_index i
        cross join unnest(i.indkey) with ordinality as k(attnum, ordinality)
        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
        where i.indrelid = 'messages'::regclass and i.indisunique
        group by i.indexrelid`.execute(db);
      return rows.map((row) => row.columns);
    };
    try {
      await seedAtFirstMigration(db);
      expect(await uniqueKeys()).toContainEqual(OLD_KEY);

      const store = await open(database.url);
      await expectSeededMessagesKept(store);
      await store.close();
      expect(await uniqueKeys()).toContainEqual(NEW_KEY);
      expect(await uniqueKeys()).not.toContainEqual(OLD_KEY);

      await migrateDownToFirst(db);
      expect(await uniqueKeys()).toContainEqual(OLD_KEY);
      expect(await uniqueKeys()).not.toContainEqual(NEW_KEY);
      expect(await seededRoomSeqs(db)).toEqual([1, 2, 3]);
    } finally {
      await db.destroy();
      await database.drop();
    }
  });
});
