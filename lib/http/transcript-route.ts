/**
 * GET /api/rooms/{code}/transcript?format=md|json&tz=ZONE: the whole room as one file to download,
 * served by the HTTP server before Next.js like the history pages, under the same rules: the room is
 * looked up as every code is (misses count against the address), a member reads it by its token and
 * anyone else by the passphrase (headers, see readCredentials), and reading costs history pages.
 *
 * It is streamed a history page at a time (docs/protocol.md#transcripts): read a page, write it, wait
 * for the socket to drain when the client reads slowly, stop when it goes away. So a room of 100,000
 * messages is never in the server's memory; transcript-memory.test.ts measures it.
 */
import { once } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { HISTORY_PAGE_MAX, TranscriptQuerySchema, firstIssue, type TranscriptQuery } from "../protocol";
import { isDomainError, toApiError } from "../errors";
import { CLIENT_IP_HEADER } from "./client-ip";
import { readCredentials, send, sendError, type HistoryRouteDeps } from "./history-route";
import { transcriptFormat, type TranscriptFormat } from "./transcript-format";

const PATH = /^\/api\/rooms\/([^/]+)\/transcript$/;
/** Downloads one address may run at once on this instance: each holds a connection and a page. */
const DOWNLOADS_PER_ADDRESS = 2;
/** A reader that takes nothing for this long is gone as far as the server is concerned. */
const STALL_MS = 60_000;
const downloading = new Map<string, number>();

/** The history route's reads and limits; `now` dates the export. */
export type TranscriptRouteDeps = Pick<HistoryRouteDeps, "lookUp" | "unlock" | "pageRead" | "messagesAfter" | "failed"> & { now(): Date };

/** Serves the request if it is a transcript download (and returns true); leaves anything else alone. */
export function serveTranscript(request: IncomingMessage, response: ServerResponse, deps: TranscriptRouteDeps): boolean {
  const url = new URL(request.url ?? "/", "http://localhost");
  const spelling = PATH.exec(url.pathname)?.[1];
  if (spelling === undefined) return false;
  // HEAD as GET: the same checks and headers, no body.
  if (request.method === "GET" || request.method === "HEAD") void answer(request, response, url, decodeURIComponent(spelling), deps);
  else send(response, 405, { error: { code: "invalid_payload", message: "Only GET downloads a room's transcript." } }, { allow: "GET, HEAD" });
  return true;
}

async function answer(request: IncomingMessage, response: ServerResponse, url: URL, spelling: string, deps: TranscriptRouteDeps): Promise<void> {
  const query = TranscriptQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) return sendError(response, { code: "invalid_payload", message: firstIssue(query.error) });
  const ip = String(request.headers[CLIENT_IP_HEADER] ?? "unknown");
  // Taken at once, before anything is awaited, so that concurrent requests cannot all pass the count.
  const held = downloading.get(ip) ?? 0;
  if (held >= DOWNLOADS_PER_ADDRESS) {
    return sendError(response, { code: "rate_limited", message: "Too many transcript downloads at once from your network.", retryAfterMs: 10_000 });
  }
  downloading.set(ip, held + 1);
  try {
    await download(request, response, ip, spelling, query.data, deps);
  } finally {
    const left = (downloading.get(ip) ?? 1) - 1;
    if (left === 0) downloading.delete(ip);
    else downloading.set(ip, left);
  }
}

async function download(request: IncomingMessage, response: ServerResponse, ip: string, spelling: string, query: TranscriptQuery, deps: TranscriptRouteDeps): Promise<void> {
  const requestId = request.headers["x-request-id"]?.toString();
  let code: string;
  try {
    code = await deps.lookUp(ip, spelling);
    await deps.unlock(ip, code, readCredentials(request));
    // The first page is charged before the head, so that an address out of budget gets its 429.
    await deps.pageRead(ip);
  } catch (error) {
    if (isDomainError(error)) return sendError(response, toApiError(error));
    deps.failed(error, requestId);
    return sendError(response, { code: "internal", message: "Something went wrong on the server." });
  }
  const format = transcriptFormat(query.format, { code, timeZone: query.tz, exportedAt: deps.now() });
  response.writeHead(200, {
    "content-type": format.contentType,
    "content-disposition": `attachment; filename="${format.fileName}"`,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  if (request.method === "HEAD") return void response.end();

  const gone = new AbortController();
  response.once("close", () => gone.abort());
  try {
    await stream(response, code, ip, format, deps, gone.signal);
  } catch (error) {
    if (gone.signal.aborted) return;
    // The head is gone: cutting the connection (no final chunk) tells the client the file is incomplete.
    // A reader that stalled is no fault of the server's: not logged.
    if (!(error instanceof DOMException && error.name === "TimeoutError")) deps.failed(error, requestId);
    response.destroy();
  }
}

async function stream(response: ServerResponse, code: string, ip: string, format: TranscriptFormat, deps: TranscriptRouteDeps, gone: AbortSignal): Promise<void> {
  await write(response, format.head(), gone);
  for (let after = 0, charged = true; ; charged = false) {
    if (!charged) await chargePage(deps, ip, gone);
    const page = await deps.messagesAfter(code, after, HISTORY_PAGE_MAX);
    gone.throwIfAborted();
    await write(response, format.page(page.messages), gone);
    const last = page.messages.at(-1);
    if (!page.hasMore || last === undefined) break;
    after = last.seq;
  }
  response.end(format.tail());
}

/** Writes a chunk; when the socket's buffer is full, waits until it drains (rejects if the client leaves, or stalls for STALL_MS). */
async function write(response: ServerResponse, chunk: string, gone: AbortSignal): Promise<void> {
  gone.throwIfAborted();
  if (!response.write(chunk)) await once(response, "drain", { signal: AbortSignal.any([gone, AbortSignal.timeout(STALL_MS)]) });
}

/**
 * Each page after the first costs one history page, like a client paging through the history, so a
 * transcript reads no faster than the address's RATE_HISTORY_PER_MINUTE allows. Out of budget, the
 * download waits for it rather than failing: a room of any size can be downloaded by one person, in
 * about pages / RATE_HISTORY_PER_MINUTE minutes, and parallel downloads share the one budget.
 */
async function chargePage(deps: TranscriptRouteDeps, ip: string, gone: AbortSignal): Promise<void> {
  for (;;) {
    try {
      return await deps.pageRead(ip);
    } catch (error) {
      if (!isDomainError(error) || error.code !== "rate_limited") throw error;
      await sleep(Math.max(error.retryAfterMs ?? 1000, 10), undefined, { signal: gone });
    }
  }
}
