/**
 * PostgreSQL through node-postgres, for several instances sharing one database. The queries are the
 * shared Kysely store's; only the connection and the append path (postgres-batch-writer.ts) are its own.
 */
import { Kysely, PostgresDialect, sql } from "kysely";
import { Pool } from "pg";
import { createKyselyStore, migrateToLatest } from "./kysely-store";
import { createPostgresBatchWriter } from "./postgres-batch-writer";
import { createPostgresChangeWriter } from "./postgres-change-writer";
import type { Database } from "./schema";
import type { ChatStore } from "./types";

export interface PostgresOptions {
  url: string;
  poolSize: number;
  /** The most message text one room may hold (ROOM_STORAGE_MB). */
  roomQuotaBytes: number;
  /** An idle pooled connection failed (the server restarted, say); the pool has already dropped it. */
  onConnectionError?: (error: Error) => void;
}

export async function openPostgresStore(options: PostgresOptions): Promise<ChatStore> {
  const pool = new Pool({
    connectionString: options.url,
    max: options.poolSize,
    // Fail a start-up, a request or /healthz within bounded time when the server cannot be reached,
    // instead of waiting on the operating system's TCP timeout.
    connectionTimeoutMillis: 10_000,
    // A statement (a batch waiting on a room lock included) that hangs on a half-open connection would
    // hold up every later batch: fail it instead, and group commit retries its items one by one.
    statement_timeout: 10_000,
    keepAlive: true,
  });
  // Without a listener an idle connection's error would be thrown as an uncaught 'error' event and end
  // the process; the next query simply opens a new connection.
  pool.on("error", (error) => options.onConnectionError?.(error));

  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    // Kysely's migrator holds a PostgreSQL advisory lock while it migrates, so instances that start
    // together apply each migration once (tested in __tests__/scale/postgres-store.test.ts).
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return createKyselyStore(db, {
    writeBatch: createPostgresBatchWriter(db, options.roomQuotaBytes),
    writeChanges: createPostgresChangeWriter(db, options.roomQuotaBytes),
    exclusively: (job, work) => underAdvisoryLock(db, job, work),
  });
}

/**
 * Runs `work` only if no other instance runs `job` now, holding a session-level advisory lock on one
 * pooled connection meanwhile (`work` itself may use any connection); null if another instance holds
 * it. The lock goes with the connection if this process dies, so a crashed sweeper never blocks the
 * others. The lock's connection is one of the pool's, so `work` needs a pool of two at least
 * (DATABASE_POOL_SIZE is at least 2).
 */
async function underAdvisoryLock<T>(db: Kysely<Database>, job: string, work: () => Promise<T>): Promise<T | null> {
  return db.connection().execute(async (connection) => {
    // hashtext gives the job's name a 32-bit key; the second key keeps clear of Kysely's migration lock.
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(hashtext(${job}), 19) as locked`.execute(connection);
    if (rows[0]?.locked !== true) return null;
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${job}), 19)`.execute(connection);
    }
  });
}
