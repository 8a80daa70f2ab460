import type { IncomingMessage } from "node:http";

/**
 * Cross-site WebSocket hijacking guard: a browser always sends Origin with a WebSocket handshake and
 * with cross-origin requests, so a foreign Origin means another site's page is trying to connect.
 * No Origin means a non-browser client (a bot) or a same-origin request; those are allowed.
 */
export function originAllowed(request: IncomingMessage, allowList: readonly string[], trustProxy: number): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowList.length > 0) return allowList.includes(origin);
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const forwardedHost = trustProxy > 0 ? request.headers["x-forwarded-host"] : undefined;
  const requestHost = (Array.isArray(forwardedHost) ? forwardedHost[0] : forwardedHost) ?? request.headers.host;
  return requestHost !== undefined && host === requestHost;
}
