import path from "node:path";
import { loadConfig, parseDatabaseUrl } from "@/lib/config";

describe("configuration", () => {
  it("has working defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ dev: true, port: 3000, hostname: "localhost", logLevel: "info" });
    expect(config.database).toEqual({ kind: "sqlite", file: path.resolve("data/chat.db") });
  });

  it("has the limits docs/security.md documents", () => {
    expect(loadConfig({}).limits).toEqual({
      connectionsPerIp: 50,
      connectionsPerRoom: 200,
      messagesPer10s: 10,
      changesPer10s: 30,
      messageBurstPerMinute: 20,
      floodDisconnectAfter: 10,
      roomsPerHour: 30,
      joinsPerMinute: 120,
      badCodesPer10Min: 30,
      passphraseMissesPer10Min: 10,
      passphraseMissesPerRoomPer10Min: 100,
      ownerActionsPerMinute: 30,
      historyPagesPer10s: 20,
      historyPagesPerMinutePerAddress: 240,
      addressKbPerMinute: 512,
      membersPerRoom: 1000,
    });
    expect(loadConfig({}).storage).toEqual({ roomBytes: 64 * 1024 * 1024, totalBytes: 2048 * 1024 * 1024, retentionMs: 720 * 3_600_000, sweepIntervalMs: 60_000 });
    expect(loadConfig({}).ipv6PrefixLength).toBe(64);
    expect(loadConfig({ ALLOWED_ORIGINS: " https://a.example, https://b.example ,", TRUST_PROXY: "true" })).toMatchObject({
      allowedOrigins: ["https://a.example", "https://b.example"],
      trustProxy: 1,
    });
    expect(() => loadConfig({ RATE_MESSAGES_PER_10S: "0" })).toThrow(/RATE_MESSAGES_PER_10S/);
  });

  it("reads PORT, HOSTNAME, NODE_ENV and DATABASE_URL", () => {
    const config = loadConfig({ PORT: "8080", HOSTNAME: "0.0.0.0", NODE_ENV: "production", DATABASE_URL: "file:/var/lib/chat.db" });
    expect(config).toMatchObject({ dev: false, port: 8080, hostname: "0.0.0.0", database: { kind: "sqlite", file: "/var/lib/chat.db" } });
  });

  it("reads METRICS_TOKEN, refusing one short enough to guess", () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(loadConfig({ METRICS_TOKEN: "0123456789abcdef" }).metricsToken).toBe("0123456789abcdef");
    expect(() => loadConfig({ METRICS_TOKEN: "secret" })).toThrow(/METRICS_TOKEN/);
  });

  it("keeps everything in-process without REDIS_URL, and shares it through Redis with one", () => {
    expect(loadConfig({}).redis).toBeNull();
    expect(loadConfig({ REDIS_URL: "" }).redis).toBeNull();
    expect(loadConfig({ REDIS_URL: "redis://cache:6379/0" }).redis).toEqual({ url: "redis://cache:6379/0", instanceTimeoutMs: 10_000 });
    expect(loadConfig({ REDIS_URL: "rediss://cache", REDIS_INSTANCE_TIMEOUT_MS: "3000" }).redis).toMatchObject({ instanceTimeoutMs: 3000 });
    expect(() => loadConfig({ REDIS_URL: "cache:6379" })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ REDIS_URL: "redis://x", REDIS_INSTANCE_TIMEOUT_MS: "10" })).toThrow(/REDIS_INSTANCE_TIMEOUT_MS/);
  });

  it("refuses invalid values with a message naming the variable", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => loadConfig({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
  });

  it("reads SQLite file locations, and never an in-memory one", () => {
    expect(parseDatabaseUrl("file:./x.db", { cwd: "/srv" })).toEqual({ kind: "sqlite", file: "/srv/x.db" });
    expect(parseDatabaseUrl("./x.db", { cwd: "/srv" })).toEqual({ kind: "sqlite", file: "/srv/x.db" });
    expect(parseDatabaseUrl("file:///var/x.db")).toEqual({ kind: "sqlite", file: "/var/x.db" });
    expect(() => parseDatabaseUrl("file::memory:")).toThrow(/file/);
    expect(() => parseDatabaseUrl("mysql://db/chat")).toThrow(/unsupported/);
  });

  it("caps a SQLite file at SQLITE_MAX_SIZE_MB (0: no cap); PostgreSQL ignores it", () => {
    expect(loadConfig({ DATABASE_URL: "file:/srv/x.db", SQLITE_MAX_SIZE_MB: "512" }).database).toEqual({ kind: "sqlite", file: "/srv/x.db", maxBytes: 512 * 1024 * 1024 });
    expect(loadConfig({ DATABASE_URL: "file:/srv/x.db", SQLITE_MAX_SIZE_MB: "0" }).database).toEqual({ kind: "sqlite", file: "/srv/x.db" });
    expect(loadConfig({ DATABASE_URL: "postgres://db/chat", SQLITE_MAX_SIZE_MB: "512" }).database).toEqual({ kind: "postgres", url: "postgres://db/chat", poolSize: 10 });
    expect(() => loadConfig({ SQLITE_MAX_SIZE_MB: "-1" })).toThrow(/SQLITE_MAX_SIZE_MB/);
  });

  it("selects PostgreSQL for postgres:// and postgresql:// URLs, with a pool size", () => {
    const url = "postgres://chat:s3cret@db.internal:5432/chat";
    expect(loadConfig({ DATABASE_URL: url }).database).toEqual({ kind: "postgres", url, poolSize: 10 });
    expect(loadConfig({ DATABASE_URL: "postgresql://db/chat", DATABASE_POOL_SIZE: "25" }).database).toEqual({
      kind: "postgres",
      url: "postgresql://db/chat",
      poolSize: 25,
    });
    expect(parseDatabaseUrl("POSTGRES://db/chat")).toMatchObject({ kind: "postgres" });
    expect(() => loadConfig({ DATABASE_URL: url, DATABASE_POOL_SIZE: "1" })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: "many" })).toThrow(/DATABASE_POOL_SIZE/);
  });

  it("never repeats a database URL, which may hold a password, in its errors", () => {
    expect(() => parseDatabaseUrl("redis://user:s3cret@host/0")).toThrow(/^(?!.*s3cret)/s);
    expect(() => loadConfig({ DATABASE_URL: "postgres://user:s3cret@host/db", DATABASE_POOL_SIZE: "-1" })).toThrow(/^(?!.*s3cret)/s);
  });
});
