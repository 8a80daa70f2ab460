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
      messageBurstPerMinute: 20,
      floodDisconnectAfter: 10,
      roomsPerHour: 30,
      joinsPerMinute: 120,
      badCodesPer10Min: 30,
    });
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

  it("refuses invalid values with a message naming the variable", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(/PORT/);
    expect(() => loadConfig({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL/);
  });

  it("accepts only file databases for now, and never an in-memory one", () => {
    expect(parseDatabaseUrl("file:./x.db", "/srv")).toEqual({ kind: "sqlite", file: "/srv/x.db" });
    expect(parseDatabaseUrl("./x.db", "/srv")).toEqual({ kind: "sqlite", file: "/srv/x.db" });
    expect(() => parseDatabaseUrl("file::memory:")).toThrow(/file/);
    expect(() => parseDatabaseUrl("mysql://db/chat")).toThrow(/unsupported/);
  });
});
