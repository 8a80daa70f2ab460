/**
 * Composition root: config -> services -> Next.js + Socket.IO on one HTTP server -> listen.
 * Business rules live in lib/rooms, socket handlers in lib/realtime, pages and routes in app/.
 */
import { createServer } from "node:http";
import next from "next";
import { rejectMalformedUrl } from "./lib/http/malformed-url";
import { addServerTiming } from "./lib/http/server-timing";
import { applySecurityHeaders } from "./lib/http/security-headers";
import { attachRealtime } from "./lib/realtime/attach";
import { redisStreamsAdapter } from "./lib/realtime/redis-adapter";
import { REDIS_PREFIX } from "./lib/redis/connect";
import { startRetention } from "./lib/rooms/storage";
import { installShutdown } from "./lib/shutdown";
import { getServices } from "./lib/services";

async function main(): Promise<void> {
  const services = await getServices();
  const { config, logger } = services;

  const app = next({ dev: config.dev, dir: process.cwd(), hostname: config.hostname, port: config.port });
  await app.prepare();
  const handleRequest = app.getRequestHandler();
  const handleUpgrade = app.getUpgradeHandler();

  const httpServer = createServer((req, res) => {
    addServerTiming(res);
    applySecurityHeaders(req, res, config);
    if (!rejectMalformedUrl(req, res)) void handleRequest(req, res);
  });
  const adapter = services.redis === null ? undefined : redisStreamsAdapter(services.redis.adapter, REDIS_PREFIX);
  const realtime = attachRealtime(httpServer, { ...services, presenceGraceMs: config.presenceGraceMs, adapter });
  const retention = startRetention({
    store: services.store,
    guard: services.storage,
    limits: config.storage,
    deleted: (codes) => {
      logger.info({ rooms: codes.length }, "deleted idle rooms");
      realtime.endRooms(codes);
    },
    failed: (error) => logger.warn({ err: error }, "retention sweep failed; retrying at the next interval"),
  });
  // Socket.IO answers its own upgrades; every other one (Next's dev hot reload) goes to Next.
  httpServer.on("upgrade", (req, socket, head) => {
    if (!req.url?.startsWith("/socket.io/")) void handleUpgrade(req, socket, head);
  });

  httpServer.listen(config.port, config.hostname, () => {
    const address = httpServer.address();
    const port = typeof address === "object" && address !== null ? address.port : config.port;
    // Tests and scripts read this line to learn the port when PORT=0.
    logger.info({ port, url: `http://${config.hostname}:${port}`, dev: config.dev }, "listening");
  });

  installShutdown({ httpServer, realtime, services, app, retention });
}

main().catch((error: unknown) => {
  console.error("Failed to start:", error);
  process.exit(1);
});
