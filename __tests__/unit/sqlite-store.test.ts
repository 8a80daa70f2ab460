import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { openSqliteStore } from "@/lib/store/sqlite";
import { runStoreContract } from "../store-contract";

runStoreContract("SQLite file", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "roomchat-store-"));
  const file = path.join(dir, "nested", "chat.db");
  return {
    store: await openSqliteStore(file),
    reopen: () => openSqliteStore(file),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe("SQLite specifics", () => {
  it("creates the file in WAL mode with every migration applied", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "roomchat-store-"));
    const file = path.join(dir, "chat.db");
    const store = await openSqliteStore(file);
    await store.close();
    expect(existsSync(file)).toBe(true);

    const raw = new SqliteDatabase(file, { readonly: true });
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    const tables = raw.prepare("select name from sqlite_master where type = 'table' order by name").all() as Array<{ name: string }>;
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["rooms", "messages", "kysely_migration"]));
    const applied = raw.prepare("select name from kysely_migration").all() as Array<{ name: string }>;
    expect(applied.map((m) => m.name)).toEqual(["0001_rooms_and_messages"]);
    raw.close();

    // Opening again applies nothing twice.
    await (await openSqliteStore(file)).close();
    rmSync(dir, { recursive: true, force: true });
  });
});
