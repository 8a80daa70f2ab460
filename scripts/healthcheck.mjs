#!/usr/bin/env node
// The container's HEALTHCHECK (slim images have no curl): exit 0 when GET /healthz answers 200 within
// 4 seconds, 1 otherwise. It asks the address and port the server listens on (HOSTNAME, PORT).
const port = process.env.PORT || "3000";
const listen = process.env.HOSTNAME;
const wildcard = !listen || listen === "0.0.0.0" || listen === "::";
const host = wildcard ? "127.0.0.1" : listen.includes(":") ? `[${listen}]` : listen;

try {
  const response = await fetch(`http://${host}:${port}/healthz`, { signal: AbortSignal.timeout(4_000) });
  process.exit(response.status === 200 ? 0 : 1);
} catch {
  process.exit(1);
}
