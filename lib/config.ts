/**
 * The server's configuration, read from the environment once and validated. This is the only module
 * that reads process.env; everything else receives a Config. .env.example lists every variable.
 */
import path from "node:path";
import { z } from "zod";

const ConfigSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOSTNAME: z.string().min(1).default("localhost"),
  DATABASE_URL: z.string().min(1).default("file:./data/chat.db"),
  /**
   * SQLite only: a cap on the database file, in MB (0: none). Past it writes fail as on a full disk:
   * sends are answered `unavailable` and /readyz turns red until space is freed (docs/deploy.md).
   */
  SQLITE_MAX_SIZE_MB: z.coerce.number().int().min(0).max(10_000_000).default(0),
  /** PostgreSQL only: connections each instance keeps open at most. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(1000).default(10),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** How long a graceful shutdown may take before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** How long a member whose connection dropped stays listed (as reconnecting) before its leave is announced. */
  PRESENCE_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(30_000),
  /** Several instances: Redis for fan-out, presence and rate limits (redis:// or rediss://). Unset: all in-process. */
  REDIS_URL: z.union([z.literal(""), z.string().regex(/^rediss?:\/\/./, "must start with redis:// or rediss://")]).default(""),
  /** With REDIS_URL: silence after which the other instances take one for dead and release its members. */
  REDIS_INSTANCE_TIMEOUT_MS: z.coerce.number().int().min(500).max(300_000).default(10_000),
  /** Origins allowed to open a socket, comma-separated; empty: only the origin the request was sent to. */
  ALLOWED_ORIGINS: z.string().default(""),
  /**
   * Behind reverse proxies: how many of them append to X-Forwarded-For (true: 1, false: 0). The client's
   * address is the entry that many from the right, the scheme comes from X-Forwarded-Proto.
   */
  TRUST_PROXY: z.union([z.stringbool().transform((on) => (on ? 1 : 0)), z.coerce.number().int().min(1).max(10)]).default(0),
  /** When set, GET /metrics asks for "Authorization: Bearer <token>"; unset, it answers this host only. */
  METRICS_TOKEN: z.union([z.literal(""), z.string().min(16, "must be empty or at least 16 characters")]).default(""),
  MAX_CONNECTIONS_PER_IP: positive(50),
  MAX_CONNECTIONS_PER_ROOM: positive(200),
  /** A member's steady message rate, per 10 seconds... */
  RATE_MESSAGES_PER_10S: positive(10),
  /** ...plus this many extra per minute for bursts (a paste of several lines). */
  RATE_MESSAGES_BURST: positive(20),
  /** A member's edits, deletions and reactions together, per 10 seconds (a budget apart from messages). */
  RATE_CHANGES_PER_10S: positive(30),
  /** Refusals for sending too fast, per 10 seconds, after which the member is disconnected. */
  FLOOD_DISCONNECT_AFTER: positive(10),
  RATE_ROOMS_PER_HOUR: positive(30),
  RATE_JOINS_PER_MINUTE: positive(120),
  /** Lookups of codes that name no room, per IP per 10 minutes: what stops anyone enumerating codes. */
  RATE_BAD_CODES_PER_10MIN: positive(30),
  RATE_PASSPHRASE_PER_10MIN: positive(10),
  RATE_PASSPHRASE_ROOM_PER_10MIN: positive(100),
  RATE_OWNER_ACTIONS_PER_MINUTE: positive(30),
  /** History pages (messages:since, GET .../messages) one connection may read per 10 seconds. */
  RATE_HISTORY_PER_10S: positive(20),
  /** History pages one address may read per minute, over every socket and HTTP request together. */
  RATE_HISTORY_PER_MINUTE: positive(240),
  /** Kilobytes of message text one address may store per minute, whatever member tokens it uses. */
  RATE_ADDRESS_KB_PER_MINUTE: positive(512),
  /** Message text one room may store, in MB; past it, sends are refused quota_exceeded. */
  ROOM_STORAGE_MB: positive(64),
  /** Message text the whole server may store, in MB; past it, sends are refused quota_exceeded. */
  STORAGE_MAX_MB: positive(2048),
  /** A room with no new message for this long is deleted with its history (fractions allowed, for tests). */
  ROOM_RETENTION_HOURS: z.coerce.number().positive().max(24 * 365 * 10).default(720),
  /** How often the retention sweep looks for expired rooms. */
  RETENTION_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
  /** Member names reserved in one room (each name stays its member's for the room's life); past it, room_full. */
  MAX_MEMBERS_PER_ROOM: positive(1000),
  /** IPv6 clients share per-address limits by network prefix of this many bits (64: one /64, a typical home or host). */
  IPV6_PREFIX_LENGTH: z.coerce.number().int().min(32).max(128).default(64),
});

const MB = 1024 * 1024;

function positive(fallback: number) {
  return z.coerce.number().int().min(1).max(10_000_000).default(fallback);
}

/** Every limit the server enforces; docs/security.md explains each. */
export interface Limits {
  connectionsPerIp: number;
  connectionsPerRoom: number;
  messagesPer10s: number;
  messageBurstPerMinute: number;
  changesPer10s: number;
  floodDisconnectAfter: number;
  roomsPerHour: number;
  joinsPerMinute: number;
  badCodesPer10Min: number;
  /** Wrong passphrases per address, and per room from every address together, in 10 minutes (issue 19). */
  passphraseMissesPer10Min: number;
  passphraseMissesPerRoomPer10Min: number;
  /** A room owner's actions (kick, lock, passphrase...) per minute. */
  ownerActionsPerMinute: number;
  historyPagesPer10s: number;
  historyPagesPerMinutePerAddress: number;
  addressKbPerMinute: number;
  membersPerRoom: number;
}

/** How much may be stored, and for how long (docs/security.md#storage). */
export interface StorageLimits {
  roomBytes: number;
  totalBytes: number;
  /** A room is deleted this long after its last message (or its creation, if it has none). */
  retentionMs: number;
  sweepIntervalMs: number;
}

export interface Config {
  dev: boolean;
  port: number;
  hostname: string;
  database: DatabaseLocation;
  logLevel: z.infer<typeof ConfigSchema>["LOG_LEVEL"];
  shutdownTimeoutMs: number;
  presenceGraceMs: number;
  redis: RedisLocation | null;
  allowedOrigins: string[];
  /** How many proxies in front of the server append to X-Forwarded-For; 0: trust no forwarded header. */
  trustProxy: number;
  /** The bearer token GET /metrics requires; null: /metrics answers loopback clients only. */
  metricsToken: string | null;
  /** Prefix length that groups IPv6 clients into one "address" for every per-address limit. */
  ipv6PrefixLength: number;
  limits: Limits;
  storage: StorageLimits;
}

/** `maxBytes`: SQLITE_MAX_SIZE_MB, when set. */
export type DatabaseLocation = { kind: "sqlite"; file: string; maxBytes?: number } | { kind: "postgres"; url: string; poolSize: number };

/** Where the state shared between instances lives, and when an instance counts as dead. */
export interface RedisLocation {
  url: string;
  instanceTimeoutMs: number;
}

/**
 * `postgres://` or `postgresql://`: PostgreSQL at that URL. `file:./data/chat.db`, `file:/abs/chat.db`
 * or a bare path: SQLite in that file. Errors never repeat the URL: it may hold a password (node-postgres
 * redacts it from its own parse errors too).
 */
export function parseDatabaseUrl(url: string, options: { cwd?: string; poolSize?: number } = {}): DatabaseLocation {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme === "postgres" || scheme === "postgresql") {
    return { kind: "postgres", url, poolSize: options.poolSize ?? 10 };
  }
  if (scheme !== undefined && scheme !== "file") {
    throw new Error(`DATABASE_URL: unsupported scheme "${scheme}:" (use postgres://... or file:PATH for SQLite).`);
  }
  const file = url.startsWith("file:") ? url.slice("file:".length).replace(/^\/\/(?=\/)/, "") : url;
  if (file === "" || file === ":memory:") throw new Error("DATABASE_URL must name a file: the chat history is kept on disk.");
  return { kind: "sqlite", file: path.resolve(options.cwd ?? process.cwd(), file) };
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const location = parseDatabaseUrl(e.DATABASE_URL, { poolSize: e.DATABASE_POOL_SIZE });
  return {
    dev: e.NODE_ENV !== "production",
    port: e.PORT,
    hostname: e.HOSTNAME,
    database: location.kind === "sqlite" && e.SQLITE_MAX_SIZE_MB > 0 ? { ...location, maxBytes: e.SQLITE_MAX_SIZE_MB * MB } : location,
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    presenceGraceMs: e.PRESENCE_GRACE_MS,
    redis: e.REDIS_URL === "" ? null : { url: e.REDIS_URL, instanceTimeoutMs: e.REDIS_INSTANCE_TIMEOUT_MS },
    allowedOrigins: e.ALLOWED_ORIGINS.split(",")
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ""),
    trustProxy: e.TRUST_PROXY,
    metricsToken: e.METRICS_TOKEN === "" ? null : e.METRICS_TOKEN,
    ipv6PrefixLength: e.IPV6_PREFIX_LENGTH,
    limits: {
      connectionsPerIp: e.MAX_CONNECTIONS_PER_IP,
      connectionsPerRoom: e.MAX_CONNECTIONS_PER_ROOM,
      messagesPer10s: e.RATE_MESSAGES_PER_10S,
      messageBurstPerMinute: e.RATE_MESSAGES_BURST,
      changesPer10s: e.RATE_CHANGES_PER_10S,
      floodDisconnectAfter: e.FLOOD_DISCONNECT_AFTER,
      roomsPerHour: e.RATE_ROOMS_PER_HOUR,
      joinsPerMinute: e.RATE_JOINS_PER_MINUTE,
      badCodesPer10Min: e.RATE_BAD_CODES_PER_10MIN,
      passphraseMissesPer10Min: e.RATE_PASSPHRASE_PER_10MIN,
      passphraseMissesPerRoomPer10Min: e.RATE_PASSPHRASE_ROOM_PER_10MIN,
      ownerActionsPerMinute: e.RATE_OWNER_ACTIONS_PER_MINUTE,
      historyPagesPer10s: e.RATE_HISTORY_PER_10S,
      historyPagesPerMinutePerAddress: e.RATE_HISTORY_PER_MINUTE,
      addressKbPerMinute: e.RATE_ADDRESS_KB_PER_MINUTE,
      membersPerRoom: e.MAX_MEMBERS_PER_ROOM,
    },
    storage: {
      roomBytes: e.ROOM_STORAGE_MB * MB,
      totalBytes: e.STORAGE_MAX_MB * MB,
      retentionMs: Math.round(e.ROOM_RETENTION_HOURS * 3_600_000),
      sweepIntervalMs: e.RETENTION_SWEEP_INTERVAL_MS,
    },
  };
}
