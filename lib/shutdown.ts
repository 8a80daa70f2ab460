import type { Server as HttpServer } from "node:http";
import type { Server as SocketServer } from "socket.io";
import type { Services } from "./services";

interface Closable {
  close(): Promise<void>;
}

/**
 * SIGTERM/SIGINT: stop accepting connections, close the sockets, let in-flight writes finish, close
 * the database, exit 0. If that takes longer than SHUTDOWN_TIMEOUT_MS, exit 1 rather than hang.
 */
export function installShutdown(parts: { httpServer: HttpServer; io: SocketServer; services: Services; app: Closable }): void {
  const { httpServer, io, services, app } = parts;
  let closing = false;

  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    services.logger.info({ signal }, "shutting down");
    const timer = setTimeout(() => {
      services.logger.error("shutdown timed out");
      process.exit(1);
    }, services.config.shutdownTimeoutMs);
    timer.unref();

    void (async () => {
      // io.close() disconnects every socket and closes the HTTP server it is attached to.
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      httpServer.closeAllConnections();
      await app.close();
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
