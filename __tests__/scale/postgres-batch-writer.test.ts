/**
 * The PostgreSQL batch writer on its own. Through the store, a failed batch would go unnoticed (group
 * commit retries its items one by one), so these check that batches racing across instances never fail.
 * Each writer has its own pool, as two instances would.
 */
import { Kysely, PostgresDialect } from "kysely";
import { Pool } from "pg";
import { createPostgresBatchWriter } from "@/lib/store/postgres-batch-writer";
import type { Database } from "@/lib/store/schema";
import { stored } from "../store-contract";
import { createTestDatabase, type TestDatabase } from "../../tooling/postgres";
import { oneTo, open, ROOMS, send, storedSeqs } from "./sends";

describe("the PostgreSQL batch writer, two instances at once", () => {
  let database: TestDatabase;
  const instances: Array<Kysely<Database>> = [];
  const writer = () => {
    const pool = new Pool({ connectionString: database.url, max: 2 });
    // pool.end() resolves before its connections have quite closed, so dropping the database can still
    // terminate one; like the store's pool, this one must not turn that into an uncaught error.
    pool.on("error", () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    instances.push(db);
    return createPostgresBatchWriter(db, 64 * 1024 * 1024);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const store = await open(database.url);
    for (const code of ROOMS) await store.createRoom(code, new Date());
    await store.close();
  });
  afterAll(async () => {
    await Promise.all(instances.map((db) => db.destroy()));
    await database.drop();
  });

  it("never fails a batch when two lock the same rooms in opposite orders", async () => {
    const [writeA, writeB] = [writer(), writer()];
    const rounds = 60;
    await Promise.all(
      Array.from({ length: rounds }, () =>
        Promise.all([writeA(ROOMS.map((code) => send(code, "a"))), writeB([...ROOMS].reverse().map((code) => send(code, "b")))]),
      ),
    );
    const store = await open(database.url);
    for (const code of ROOMS) expect(await storedSeqs(store, code)).toEqual(oneTo(2 * rounds));
    await store.close();
  });

  it("never fails a batch when the same send is written by both at once", async () => {
    const [writeA, writeB] = [writer(), writer()];
    for (let round = 0; round < 30; round += 1) {
      const input = send(ROOMS[1], "ana");
      const [[fromA], [fromB]] = await Promise.all([writeA([input]), writeB([input])]);
      const [first, second] = [stored(fromA), stored(fromB)];
      expect(first?.message).toEqual(second?.message);
      expect([first?.created, second?.created].sort()).toEqual([false, true]);
    }
  });
});
