import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Answers 400 for a path whose percent-escapes do not decode (`/api/rooms/%zz`). Next.js fails on
 * such a route parameter with a bare 500; the protocol promises a JSON error instead.
 */
export function rejectMalformedUrl(request: IncomingMessage, response: ServerResponse): boolean {
  const path = (request.url ?? "/").split("?")[0] ?? "/";
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    response.statusCode = 400;
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ error: { code: "invalid_payload", message: "The address contains a malformed percent-escape." } }));
    return true;
  }
}
