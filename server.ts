/**
 * Composition root: config -> services (registered for app/) -> Next.js + Socket.IO on one HTTP server
 * -> listen. Business rules live in lib/rooms, socket handlers in lib/realtime, pages and routes in app/.
 */
import next from "next";
import { loadConfig } from "./lib/config";
import { serveHistory, type HistoryRouteDeps } from "./lib/http/history-route";
import { serveTranscript, type TranscriptRouteDeps } from "./lib/http/transcript-route";
import { createHttpServer, type OwnRoute } from "./lib/http/http-server";
import { attachRealtime } from "./lib/realtime/attach";
import { redisStreamsAdapter } from "./lib/realtime/redis-adapter";
import { REDIS_PREFIX } from "./lib/redis/connect";
import { registerServices } from "./lib/registry";
import { lookUpRoom } from "./lib/rooms/room-lookup";
import { startRetention } from "./lib/rooms/storage";
import { createServices } from "./lib/services";
import { installShutdown } from "./lib/shutdown";

async function main(): Promise<void> {
  const services = await createServices(loadConfig());
  registerServices(services);
  const { config, logger } = services;

  const app = next({ dev: config.dev, dir: process.cwd(), hostname: config.hostname, port: config.port });
  await app.prepare();
  const { rooms, limits } = services;
  const history: HistoryRouteDeps = {
    lookUp: (ip, spelling) => lookUpRoom(rooms, limits, ip, spelling),
    unlock: (ip, code, credentials) => services.access.unlock(ip, code, credentials),
    pageRead: (ip) => limits.historyPage(null, ip),
    history: (code, page) => rooms.history(code, page),
    messagesAfter: (code, afterSeq, limit) => rooms.messagesAfter(code, afterSeq, limit),
    failed: (error, requestId) => logger.error({ err: error, requestId }, "GET /api/rooms/{code}/messages failed"),
  };
  const transcript: TranscriptRouteDeps = {
    ...history,
    now: () => new Date(),
    failed: (error, requestId) => logger.error({ err: error, requestId }, "GET /api/rooms/{code}/transcript failed"),
  };
  const ownRoutes: OwnRoute[] = [(req, res) => serveHistory(req, res, history), (req, res) => serveTranscript(req, res, transcript)];
  const httpServer = createHttpServer(config, { request: app.getRequestHandler(), upgrade: app.getUpgradeHandler() }, ownRoutes);
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
