import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { Config } from "../config";
import { rejectMalformedUrl } from "./malformed-url";
import { applySecurityHeaders } from "./security-headers";
import { addServerTiming } from "./server-timing";

/** What the HTTP server hands on: Next.js's request and upgrade handlers. */
export interface NextHandlers {
  request(req: IncomingMessage, res: ServerResponse): Promise<void>;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
}

/** A route the server answers itself, before Next.js: true if it took the request. */
export type OwnRoute = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * The one HTTP server of the process: every response gets timing and security headers, a malformed URL
 * a JSON 400, the server's own routes (history-route.ts) answer theirs, the rest goes to Next.js. Socket.IO, attached afterwards, answers its own upgrades at
 * /socket.io/; every other upgrade (Next's dev hot reload) goes to Next.
 */
export function createHttpServer(config: Config, next: NextHandlers, ownRoutes: readonly OwnRoute[] = []): Server {
  const httpServer = createServer((req, res) => {
    addServerTiming(res);
    applySecurityHeaders(req, res, config);
    if (rejectMalformedUrl(req, res) || ownRoutes.some((route) => route(req, res))) return;
    void next.request(req, res);
  });
  httpServer.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!req.url?.startsWith("/socket.io/")) void next.upgrade(req, socket, head);
  });
  return httpServer;
}
