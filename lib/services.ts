/**
 * The process's long-lived services, built once by server.ts (the in-process tests build their own) and
 * read by the Next.js pages and routes through lib/registry.ts: app/ never imports this module, so the
 * store, its database drivers and Redis stay out of Next's bundle.
 *
 * Presence and rate limits live in this process on a single instance, or in Redis (REDIS_URL) when
 * several instances serve the same rooms (docs/scaling.md).
 */
import { randomUUID } from "node:crypto";
import type { Config } from "./config";
import { countRefusals } from "./limits/count-refusals";
import { createRateLimits, redisLimiters, type RateLimits } from "./limits/rate-limits";
import { createLogger, type Logger } from "./logger";
import { createMetrics, type Metrics } from "./metrics";
import { createLifecycle, type Lifecycle } from "./readiness";
import { REDIS_PREFIX, connectRedis, type RedisConnections } from "./redis/connect";
import { createMemoryPresence, type ConnectionCaps, type PresenceRegistry } from "./rooms/presence";
import { withPresenceLedger } from "./rooms/presence-ledger";
import { createRedisPresence } from "./rooms/redis-presence";
import { createRoomAccess, type RoomAccess } from "./rooms/room-access";
import { createRoomOwner, type RoomOwner } from "./rooms/room-owner";
import { createRoomService, type RoomService } from "./rooms/room-service";
import { createStorageGuard, type StorageGuard } from "./rooms/storage";
import { openStore } from "./store/open-store";
import { trackStorageHealth } from "./store/storage-health";
import type { ChatStore } from "./store/types";

export interface Services {
  config: Config;
  logger: Logger;
  store: ChatStore;
  rooms: RoomService;
  /** Who may join a room and read it: the owner's kicks, lock and passphrase (issue 19). */
  access: RoomAccess;
  /** The owner's actions (kick, lock, passphrase, transfer, lifetime, end) and the room's state. */
  owner: RoomOwner;
  /** The server-wide storage quota, refreshed by the retention sweep (server.ts starts it). */
  storage: StorageGuard;
  presence: PresenceRegistry;
  limits: RateLimits;
  /** The connections to the Redis shared by all instances (REDIS_URL), or null on a single instance. */
  redis: RedisConnections | null;
  /** What /healthz and /readyz probe: each backing service by name; a check throws when it is unreachable. */
  checks: Record<string, () => Promise<void>>;
  /** This process's Prometheus registry and the app's metrics (GET /metrics). */
  metrics: Metrics;
  /** Set when a graceful shutdown begins, so /readyz turns away new clients. */
  lifecycle: Lifecycle;
}

type SharedState = Pick<Services, "presence" | "limits" | "redis" | "checks">;

/**
 * Presence and limits: in this process, or in Redis for every instance at once. In this process, the
 * store keeps a ledger of who is present, so that a restart announces nobody (lib/rooms/presence-ledger.ts).
 */
async function sharedState(config: Config, logger: Logger, store: ChatStore): Promise<SharedState> {
  const caps: ConnectionCaps = { perAddress: config.limits.connectionsPerIp, perRoom: config.limits.connectionsPerRoom };
  if (config.redis === null) {
    const presence = await withPresenceLedger(createMemoryPresence(caps), {
      store,
      graceMs: config.presenceGraceMs,
      failed: (error) => logger.warn({ err: error }, "could not record who is present; retrying"),
    });
    return { presence, limits: createRateLimits(config.limits), redis: null, checks: {} };
  }
  const redis = await connectRedis(config.redis.url, logger);
  const presence = createRedisPresence({
    client: redis.state,
    prefix: REDIS_PREFIX,
    instanceId: randomUUID(),
    caps,
    instanceTimeoutMs: config.redis.instanceTimeoutMs,
    graceMs: config.presenceGraceMs,
  });
  const limits = createRateLimits(config.limits, redisLimiters(redis.state, REDIS_PREFIX));
  return { presence, limits, redis, checks: { redis: async () => void (await redis.state.ping()) } };
}

/** Builds every backend service from a parsed configuration: the server's start-up and the in-process tests call it. */
export async function createServices(config: Config): Promise<Services> {
  const logger = createLogger(config.logLevel);
  const opened = await openStore(config.database, {
    roomQuotaBytes: config.storage.roomBytes,
    // The message only: node-postgres attaches its client to the error, and that holds the connection settings.
    onConnectionError: (error) => logger.warn({ error: error.message }, "database connection lost; reconnecting on next use"),
  });
  const health = trackStorageHealth(opened, {
    onChange: (failure) =>
      failure === null
        ? logger.info("database writes work again")
        : logger.error({ error: failure instanceof Error ? failure.message : String(failure) }, "database writes fail (disk full or failing?); answering unavailable"),
  });
  const store = health.store;
  const shared = await sharedState(config, logger, store);
  const metrics = createMetrics();
  const storage = createStorageGuard(store, config.storage);
  await storage.refresh();
  const limits = countRefusals(shared.limits, metrics);
  const maxLifetimeHours = config.storage.retentionMs / 3_600_000;
  // Connected now: a member in its grace period after a drop may not come back to take the room.
  const isPresent = async (code: string, name: string) => (await shared.presence.members(code)).some((member) => member.name === name && member.status !== "reconnecting");
  return {
    config,
    logger,
    store,
    rooms: createRoomService({ store, storage, membersPerRoom: config.limits.membersPerRoom, maxLifetimeHours }),
    access: createRoomAccess(store, limits),
    owner: createRoomOwner({ store, maxLifetimeHours, isPresent }),
    storage,
    ...shared,
    limits,
    // `storage`: red while writes fail for want of space, until one succeeds (lib/store/storage-health.ts).
    checks: { database: () => store.ping(), storage: health.check, ...shared.checks },
    metrics,
    lifecycle: createLifecycle(),
  };
}
