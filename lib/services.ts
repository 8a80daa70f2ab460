/**
 * The process's long-lived services, created once and shared by server.ts (Socket.IO) and the Next.js
 * route handlers and pages. Next bundles app/ separately, so each side has its own copy of this module;
 * the instance is therefore cached on globalThis under a registered symbol, which both copies see.
 */
import { loadConfig, type Config } from "./config";
import { countRefusals } from "./limits/count-refusals";
import { createRateLimits, type RateLimits } from "./limits/rate-limits";
import { createLogger, type Logger } from "./logger";
import { createMetrics, type Metrics } from "./metrics";
import { createLifecycle, type Lifecycle } from "./readiness";
import { createMemoryPresence, type PresenceRegistry } from "./rooms/presence";
import { createRoomService, type RoomService } from "./rooms/room-service";
import { openStore } from "./store/open-store";
import type { ChatStore } from "./store/types";

export interface Services {
  config: Config;
  logger: Logger;
  store: ChatStore;
  rooms: RoomService;
  presence: PresenceRegistry;
  limits: RateLimits;
  /** What /healthz and /readyz probe: each backing service by name; a check throws when it is unreachable. */
  checks: Record<string, () => Promise<void>>;
  /** This process's Prometheus registry and the app's metrics (GET /metrics). */
  metrics: Metrics;
  /** Set when a graceful shutdown begins, so /readyz turns away new clients. */
  lifecycle: Lifecycle;
}

const KEY = Symbol.for("roomchat.services");
type Holder = { [KEY]?: Promise<Services> };

async function createServices(): Promise<Services> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const store = await openStore(config.database, {
    // The message only: node-postgres attaches its client to the error, and that holds the connection settings.
    onConnectionError: (error) => logger.warn({ error: error.message }, "database connection lost; reconnecting on next use"),
  });
  const metrics = createMetrics();
  return {
    config,
    logger,
    store,
    rooms: createRoomService({ store }),
    presence: createMemoryPresence(),
    limits: countRefusals(createRateLimits(config.limits), metrics),
    checks: { database: () => store.ping() },
    metrics,
    lifecycle: createLifecycle(),
  };
}

export function getServices(): Promise<Services> {
  const holder = globalThis as Holder;
  holder[KEY] ??= createServices();
  return holder[KEY];
}
