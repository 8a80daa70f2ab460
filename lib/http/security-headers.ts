/**
 * Security headers for every response, set by server.ts before Next.js handles the request.
 *
 * The Content-Security-Policy allows scripts only from this origin and with this response's nonce
 * ('strict-dynamic' lets those load Next's chunks); Next.js reads the nonce from the request's CSP
 * header and puts it on its own inline scripts, so it is set on the request too. Styles allow
 * 'unsafe-inline' because React and Next set style attributes; styles cannot run script.
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { CLIENT_IP_HEADER, clientIp, type AddressOptions } from "./client-ip";

export const REQUEST_ID_HEADER = "x-request-id";

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // Next's dev overlay and React's dev tooling evaluate code; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function servedOverHttps(request: IncomingMessage, trustProxy: number): boolean {
  if ("encrypted" in request.socket && request.socket.encrypted === true) return true;
  return trustProxy > 0 && request.headers["x-forwarded-proto"] === "https";
}

export function applySecurityHeaders(request: IncomingMessage, response: ServerResponse, options: { dev: boolean } & AddressOptions): void {
  const nonce = randomBytes(16).toString("base64");
  const csp = contentSecurityPolicy(nonce, options.dev);
  request.headers["content-security-policy"] = csp;
  // Route handlers and pages learn the client's address and the request id from these; any value the
  // client sent under those names is overwritten.
  request.headers[CLIENT_IP_HEADER] = clientIp(request, options);
  request.headers[REQUEST_ID_HEADER] = randomUUID();

  response.setHeader("Content-Security-Policy", csp);
  response.setHeader("X-Content-Type-Options", "nosniff");
  // Room links are secrets: never send them to another site as a Referer.
  response.setHeader("Referrer-Policy", "no-referrer");
  response.setHeader("X-Frame-Options", "DENY");
  response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  response.setHeader(REQUEST_ID_HEADER, request.headers[REQUEST_ID_HEADER]);
  if (servedOverHttps(request, options.trustProxy)) {
    response.setHeader("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  }
}
