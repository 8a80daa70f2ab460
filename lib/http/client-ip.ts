import type { IncomingMessage } from "node:http";

/** The header server.ts sets for the Next.js routes; any value a client sent is replaced. */
export const CLIENT_IP_HEADER = "x-roomchat-client-ip";

/**
 * The client's address: the socket's peer, or with TRUST_PROXY=N the Nth X-Forwarded-For entry from
 * the right. Each proxy appends the address it received the request from, so the entries to the left
 * of those N are whatever the client itself sent, and anyone can send anything: an AWS load balancer,
 * for one, appends to a forged header rather than replacing it. With fewer entries than proxies the
 * leftmost is the best there is.
 */
export function clientIp(request: IncomingMessage, trustProxy: number): string {
  if (trustProxy > 0) {
    const forwarded = request.headers["x-forwarded-for"];
    const entries = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? ""))
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry !== "");
    const client = entries[Math.max(0, entries.length - trustProxy)];
    if (client !== undefined) return client;
  }
  return request.socket.remoteAddress ?? "unknown";
}

/** The address server.ts recorded for a request a route handler or page is serving. */
export function requestIp(headers: Pick<Headers, "get">): string {
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}
