import type { Server as HttpServer } from "node:http";
import type { Realtime } from "./realtime/attach";
import type { RetentionSweep } from "./rooms/storage";
import type { Services } from "./services";

interface Closable {
  close(): Promise<void>;
}

/**
 * SIGTERM/SIGINT: turn readiness off, tell clients, let in-flight writes finish and be acknowledged,
 * close the sockets and stop accepting connections, close Redis (if any) and the database, exit 0. If
 * that takes longer than SHUTDOWN_TIMEOUT_MS, exit 1 rather than hang. Nothing acknowledged is at risk either way: the store
 * commits before it acknowledges.
 */
export function installShutdown(parts: { httpServer: HttpServer; realtime: Realtime; services: Services; app: Closable; retention: RetentionSweep }): void {
  const { httpServer, realtime, services, app, retention } = parts;
  let closing = false;

  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    // From now on /readyz answers 503, so a load balancer that probes it sends new clients elsewhere.
    services.lifecycle.stop();
    services.logger.info({ signal }, "shutting down");
    const timer = setTimeout(() => {
      services.logger.error("shutdown timed out");
      process.exit(1);
    }, services.config.shutdownTimeoutMs);
    timer.unref();

    void (async () => {
      await retention.stop();
      await realtime.close(services.config.shutdownTimeoutMs / 2);
      httpServer.closeAllConnections();
      await app.close();
      // After the sockets: their last releases and broadcasts still go through Redis.
      await services.redis?.close();
      await services.store.close();
      services.logger.info("stopped");
      process.exit(0);
    })().catch((error: unknown) => {
      services.logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    });
  };

  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}
