/**
 * The Redis connections of one instance (REDIS_URL). Two, with different failure behaviour on purpose:
 *
 * - `state` (presence, connection caps, rate limits) fails fast while Redis is unreachable: its
 *   commands are refused at once instead of queued, so a join or a send is answered `unavailable`
 *   (fail closed) rather than left hanging, and a command that gets no answer times out.
 * - `adapter` (the Socket.IO adapter) queues while Redis is unreachable and resends after
 *   reconnecting, so a broadcast made during a blip is delivered late rather than lost. Its blocking
 *   stream reads (XREAD BLOCK) must not have a command timeout.
 */
import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "../logger";

/** Every key, stream and channel the app uses in Redis starts with this. */
export const REDIS_PREFIX = "roomchat";

export interface RedisConnections {
  state: Redis;
  adapter: Redis;
  /** Closes both after their pending commands are answered. */
  close(): Promise<void>;
}

/** How long a presence or rate-limit command may wait for Redis before the request is refused. */
const STATE_COMMAND_TIMEOUT_MS = 2_000;

function open(url: string, name: string, options: RedisOptions, logger: Logger): Redis {
  const client = new Redis(url, { lazyConnect: true, connectionName: `roomchat-${name}`, ...options });
  // ioredis reconnects by itself (backoff up to 2 s); say so once per failure, not per retry.
  let failing = false;
  client.on("error", (error: unknown) => {
    if (!failing) logger.warn({ err: error, redis: name }, "Redis connection failed; retrying");
    failing = true;
  });
  client.on("ready", () => {
    if (failing) logger.info({ redis: name }, "Redis connection restored");
    failing = false;
  });
  return client;
}

/** QUIT waits for the pending replies; a client that is not connected would wait for a reconnect instead. */
async function closeClient(client: Redis): Promise<void> {
  if (client.status === "ready") await client.quit().catch(() => client.disconnect());
  else client.disconnect();
}

export async function connectRedis(url: string, logger: Logger): Promise<RedisConnections> {
  const state = open(url, "state", { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: STATE_COMMAND_TIMEOUT_MS }, logger);
  const adapter = open(url, "adapter", {}, logger);
  try {
    await Promise.all([state.connect(), adapter.connect()]);
  } catch (error) {
    state.disconnect();
    adapter.disconnect();
    throw new Error(`REDIS_URL: cannot reach Redis (${error instanceof Error ? error.message : String(error)})`);
  }
  return {
    state,
    adapter,
    async close() {
      await Promise.all([state, adapter].map(closeClient));
    },
  };
}
