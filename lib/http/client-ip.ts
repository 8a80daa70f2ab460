import type { IncomingMessage } from "node:http";

/** The header server.ts sets for the Next.js routes; any value a client sent is replaced. */
export const CLIENT_IP_HEADER = "x-roomchat-client-ip";

/**
 * The client's address: the socket's peer, or with TRUST_PROXY the first X-Forwarded-For entry (the
 * proxy appends; the first is what the client connected from). Never trust that header otherwise:
 * anyone can send it.
 */
export function clientIp(request: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return request.socket.remoteAddress ?? "unknown";
}

/** The address server.ts recorded for a request a route handler or page is serving. */
export function requestIp(headers: Pick<Headers, "get">): string {
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}
