/**
 * `Server-Timing: app;dur=<ms>` on every response: the time from the request's arrival in server.ts to
 * its response head, which for an API route is when the body is ready too. Browser devtools show it
 * next to the network time, and the benchmark's history scenario reads it: the server's own share of a
 * request, without the client's HTTP stack (https://www.w3.org/TR/server-timing/).
 */
import type { ServerResponse } from "node:http";

export function addServerTiming(response: ServerResponse): void {
  const started = process.hrtime.bigint();
  const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
  // Node calls writeHead for explicit and implicit heads alike (res.write/end without one).
  response.writeHead = ((...args: unknown[]) => {
    if (!response.headersSent) {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      response.setHeader("server-timing", `app;dur=${ms.toFixed(2)}`);
    }
    return writeHead(...args);
  }) as ServerResponse["writeHead"];
}
