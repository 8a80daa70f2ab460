/**
 * GET /api/rooms/{code}/messages, served by the HTTP server itself rather than by a Next.js route
 * handler: the history pages are the one route read in a loop (paging back through a long room), and
 * Next's handling of a request cost more than the read itself. Measured with the benchmark's history
 * scenario (docs/performance.md): through Next the newest page's server p99 was 6.5 ms; served here, it
 * meets its 5 ms target. The rest of the API stays in app/api.
 *
 * GET ...?limit=N&before=SEQ -> 200 { messages, hasOlder }, oldest first;
 * GET ...?after=SEQ -> 200 { messages, hasMore }: the catch-up read, forward from a known seq.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { HistoryQuerySchema, firstIssue, type ApiError, type Message } from "../protocol";
import { isDomainError, toApiError } from "../errors";
import { CLIENT_IP_HEADER } from "./client-ip";
import { statusOf } from "./errors";

const PATH = /^\/api\/rooms\/([^/]+)\/messages$/;

/** What the route reads, wired by server.ts from the services (this layer knows no store or rooms). */
export interface HistoryRouteDeps {
  /** The canonical code of the room the spelling names, charged to the address like every lookup. */
  lookUp(ip: string, spelling: string): Promise<string>;
  /**
   * Whether the request may read the room (lib/rooms/room-access.ts): a member by its token, anyone
   * else by the room's passphrase, nobody new while it is locked. Both come in headers (readCredentials),
   * never in the URL, which logs and browser histories keep.
   */
  unlock(ip: string, code: string, credentials: ReadCredentials): Promise<void>;
  /** One history page read by the address (RATE_HISTORY_PER_MINUTE). */
  pageRead(ip: string): Promise<void>;
  history(code: string, page: { limit: number; before?: number | undefined }): Promise<{ messages: Message[]; hasOlder: boolean }>;
  messagesAfter(code: string, afterSeq: number, limit: number): Promise<{ messages: Message[]; hasMore: boolean }>;
  failed(error: unknown, requestId: string | undefined): void;
}

/** What a request to read a room's messages may bring to show it may (headers, not the URL). */
export interface ReadCredentials {
  /** X-Room-Passphrase: the room's passphrase, URI-encoded (a header holds Latin-1 only). */
  passphrase?: string | undefined;
  /** X-Member-Token: the reader's member token, if it is a member of the room. */
  memberToken?: string | undefined;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  if (typeof value !== "string" || value === "") return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export function readCredentials(request: IncomingMessage): ReadCredentials {
  return { passphrase: header(request, "x-room-passphrase"), memberToken: header(request, "x-member-token") };
}

/** A JSON answer, never cached (also the transcript route's refusals). */
export function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  response.end(JSON.stringify(body));
}

/** A refusal as { error }, with Retry-After when the error says when. */
export function sendError(response: ServerResponse, error: ApiError): void {
  const headers: Record<string, string> = error.retryAfterMs === undefined ? {} : { "retry-after": String(Math.ceil(error.retryAfterMs / 1000)) };
  send(response, statusOf(error.code), { error }, headers);
}

/** Serves the request if it is a history read (and returns true); leaves anything else alone. */
export function serveHistory(request: IncomingMessage, response: ServerResponse, deps: HistoryRouteDeps): boolean {
  const url = new URL(request.url ?? "/", "http://localhost");
  const spelling = PATH.exec(url.pathname)?.[1];
  if (spelling === undefined) return false;
  // HEAD as GET: Node sends the head without the body.
  if (request.method === "GET" || request.method === "HEAD") void answer(request, response, url, decodeURIComponent(spelling), deps);
  else send(response, 405, { error: { code: "invalid_payload", message: "Only GET reads a room's messages." } }, { allow: "GET, HEAD" });
  return true;
}

async function answer(request: IncomingMessage, response: ServerResponse, url: URL, spelling: string, deps: HistoryRouteDeps): Promise<void> {
  const query = HistoryQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) return sendError(response, { code: "invalid_payload", message: firstIssue(query.error) });
  try {
    const ip = String(request.headers[CLIENT_IP_HEADER] ?? "unknown");
    const code = await deps.lookUp(ip, spelling);
    await deps.unlock(ip, code, readCredentials(request));
    await deps.pageRead(ip);
    const { limit, before, after } = query.data;
    send(response, 200, after !== undefined ? await deps.messagesAfter(code, after, limit) : await deps.history(code, { limit, before }));
  } catch (error) {
    if (isDomainError(error)) return sendError(response, toApiError(error));
    deps.failed(error, request.headers["x-request-id"]?.toString());
    sendError(response, { code: "internal", message: "Something went wrong on the server." });
  }
}
