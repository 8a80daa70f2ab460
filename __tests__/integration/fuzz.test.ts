/**
 * Fuzzing one real server (production build, real SQLite file): thousands of random and malformed
 * payloads at every socket event, at the handshake and at every HTTP route. It proves that the process
 * stays up, that every request gets a typed answer or a refusal, that memory settles, and that a normal
 * member can still chat afterwards. A failing property prints fast-check's seed and shrunk counterexample.
 *
 * Longer than the house ~150 lines: the arbitraries and checks only make sense next to each other, and
 * the brief was one file. Read it top-down: arbitraries, then checks, then one `it` per attack surface.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { inspect } from "node:util";
import fc from "fast-check";
import { io, type Socket } from "socket.io-client";
import { ApiErrorSchema, CatchUpSchema, ChangesSinceSchema, DeleteMessageSchema, ERROR_CODES, EditMessageSchema, ReactionSchema, SendMessageSchema, formatRoomCode } from "@/lib/protocol";
import { MAX_PAYLOAD_BYTES } from "@/lib/realtime/attach";
import { createRoom, join, nextEvent, startServer, tempDir, type RunningServer, type TestSocket } from "./harness";

const FUZZ_TIMEOUT_MS = 120_000;
/**
 * A local server acknowledges in milliseconds; this only has to outlast a stall on a busy 2-core machine
 * (two test workers and their servers at once).
 */
const ACK_TIMEOUT_MS = 5_000;

// Report the first failing case as found: shrinking through ack timeouts could outlast the test's time.
fc.configureGlobal({ endOnFailure: true });
const HEALTH_CHECK_EVERY = 250;
const RSS_GROWTH_LIMIT_MB = 150;
/** Socket.IO client names it refuses to emit; raw frames below send them anyway. */
const CLIENT_RESERVED = ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"];
const EVENTS_WITH_PAYLOAD = ["message:send", "messages:since"] as const;
const CHANGE_EVENTS = ["message:edit", "message:delete", "reaction:add", "reaction:remove", "changes:since"] as const;
const NO_MESSAGES_YET = { afterSeq: Number.MAX_SAFE_INTEGER };

// ---------------------------------------------------------------------------------------------
// Arbitraries.

const trickyKey = fc.oneof(
  fc.string(),
  fc.constantFrom("__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "toJSON", "text", "clientId", "afterSeq", "limit"),
);
/** Whatever JavaScript can put in an emit: null-prototype objects, typed arrays, dates, maps, holes... */
const anything = fc.anything({
  key: trickyKey,
  stringUnit: "binary",
  withNullPrototype: true,
  withObjectString: true,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withDate: true,
  withTypedArray: true,
  withSparseArray: true,
});
const oddNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, -1, 0.5, Number.MIN_VALUE, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER + 2, 2 ** 31),
);
/** Up to ~15 KB once encoded (below the 20 KB frame limit): a random chunk repeated, quick to build and to shrink. */
const hugeString = fc
  .tuple(fc.string({ unit: "binary", minLength: 1, maxLength: 40 }), fc.integer({ min: 1_000, max: 15_000 }))
  .map(([chunk, length]) => fitEncoded(chunk.repeat(Math.ceil(length / chunk.length)).slice(0, length), 15_000));
const deep = fc
  .tuple(fc.oneof(fc.integer({ min: 1, max: 1_000 }), fc.constant(1_000)), fc.constantFrom("array" as const, "object" as const), anything)
  .map(([depth, kind, leaf]) => nested(depth, kind, leaf));
const binary = fc.oneof(fc.uint8Array({ maxLength: 8_192 }), fc.uint8Array({ maxLength: 8_192 }).map((bytes) => Buffer.from(bytes)));
const messageText = fc.oneof(
  fc.string({ unit: "binary" }),
  hugeString,
  binary,
  fc.constantFrom("", " \n\t ", "x".repeat(4_001), "😀".repeat(4_000), "nul\u0000byte", "\r\n", "e\u0301".repeat(2_000)),
);
/** Payloads shaped almost like the protocol's: the right keys, wrong or borderline values. */
const almostSend = fc.record({ text: fc.oneof(messageText, anything), clientId: fc.oneof(fc.uuid(), fc.string(), anything) }, { requiredKeys: [] });
const almostSince = fc.record({ afterSeq: fc.oneof(fc.integer(), oddNumber, anything), limit: fc.oneof(fc.integer({ min: -5, max: 200 }), oddNumber, anything) }, { requiredKeys: [] });
/** Valid payloads with random content (any Unicode text, any page), so the paths that store and read are fuzzed too. */
const validSend = fc.record({ text: fc.string({ unit: "grapheme", minLength: 1, maxLength: 200 }), clientId: fc.uuid() });
const validSince = fc.record({ afterSeq: fc.nat(), limit: fc.integer({ min: 1, max: 100 }) }, { requiredKeys: ["afterSeq"] });
/** Changes to messages: valid and almost valid shapes (ids of messages that may or may not exist). */
const emojiLike = fc.oneof(fc.constantFrom("👍", "❤", "❤️", "👩‍💻", "🇫🇷", "1️⃣", "👍👍", "a", "", "🏽", "👍\u200D"), fc.string({ unit: "grapheme", maxLength: 3 }), anything);
const changePayload = fc.oneof(
  fc.record({ id: fc.oneof(fc.uuid(), fc.string(), anything), text: fc.oneof(messageText, anything) }, { requiredKeys: [] }),
  fc.record({ messageId: fc.oneof(fc.uuid(), fc.string(), anything), emoji: emojiLike }, { requiredKeys: [] }),
  fc.record({ id: fc.uuid(), text: fc.string({ unit: "grapheme", minLength: 1, maxLength: 200 }) }),
  fc.record({ messageId: fc.uuid(), emoji: fc.constantFrom("👍", "🎉", "😂") }),
  fc.record({ id: fc.uuid() }),
  fc.record({ afterVersion: fc.nat(), limit: fc.integer({ min: 1, max: 100 }) }, { requiredKeys: ["afterVersion"] }),
  fc.record({ afterVersion: fc.oneof(fc.nat(), oddNumber, anything), limit: fc.oneof(fc.integer({ min: -5, max: 200 }), oddNumber) }, { requiredKeys: [] }),
);
const withExtraKeys = <T extends object>(shape: fc.Arbitrary<T>) =>
  fc.tuple(shape, fc.dictionary(trickyKey, anything, { minKeys: 1, maxKeys: 3 })).map(([base, extra]) => ({ ...extra, ...base }));

const payload = fc.oneof(
  { arbitrary: anything, weight: 4 },
  { arbitrary: validSend, weight: 1 },
  { arbitrary: almostSend, weight: 2 },
  { arbitrary: withExtraKeys(almostSend), weight: 1 },
  { arbitrary: validSince, weight: 1 },
  { arbitrary: almostSince, weight: 2 },
  { arbitrary: withExtraKeys(almostSince), weight: 1 },
  { arbitrary: deep, weight: 1 },
  { arbitrary: hugeString, weight: 1 },
  { arbitrary: binary, weight: 1 },
  { arbitrary: oddNumber, weight: 1 },
);
const nonFunction = fc.oneof(anything, fc.constantFrom(null, undefined, 0, "ack", true));

/** Frames that bypass the client's encoder: reserved names, broken packets, foreign namespaces, stray binary. */
const rawFrame = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.uint8Array({ maxLength: 64 }),
  fc.tuple(fc.constantFrom("0", "1", "2", "3", "4", "5", "6", "42", "43", "451-", "40/other,"), fc.string()).map(([type, rest]) => type + rest),
  fc.tuple(fc.constantFrom(...CLIENT_RESERVED, "message:send", "room:leave"), anything).map(([event, value]) => `42${JSON.stringify([event, value])}`),
  fc.constantFrom("42[", "42{}", "42[]", "42[null]", "42[1]", '451-["message:send",{"_placeholder":true,"num":7}]', '42999999999999999999999["messages:since",{}]', "40{}", "41", "43[]"),
);

// ---------------------------------------------------------------------------------------------
// Helpers.

function nested(depth: number, kind: "array" | "object", leaf: unknown): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level += 1) value = kind === "array" ? [value] : { a: value };
  return value;
}

function encodedBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? "");
}

function fitEncoded(text: string, maxBytes: number): string {
  let fitted = text;
  for (let bytes = encodedBytes(fitted); bytes > maxBytes; bytes = encodedBytes(fitted)) {
    fitted = fitted.slice(0, Math.floor((fitted.length * maxBytes) / bytes) - 1);
  }
  return fitted;
}

/** Whether Socket.IO's frames for these arguments (the JSON text, or one binary attachment) may be over the limit. */
function mayExceedFrameLimit(args: unknown[]): boolean {
  let largestAttachment = 0;
  const text = JSON.stringify(args, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key];
    if (!ArrayBuffer.isView(original)) return value;
    largestAttachment = Math.max(largestAttachment, original.byteLength);
    return { _placeholder: true, num: 0 };
  });
  const envelope = 64;
  return Buffer.byteLength(text) + envelope > MAX_PAYLOAD_BYTES || largestAttachment + envelope > MAX_PAYLOAD_BYTES;
}

const preview = (value: unknown) => inspect(value, { depth: 3, maxArrayLength: 5, maxStringLength: 80, breakLength: Infinity });
/** Waits for every property (so none runs on into the next test) and fails with the first failure. */
async function allPassed(properties: Array<Promise<void>>): Promise<void> {
  const results = await Promise.allSettled(properties);
  for (const result of results) if (result.status === "rejected") throw result.reason;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The typed socket only knows the protocol's events; fuzzing sends anything. */
const loose = (socket: TestSocket) => socket as unknown as Socket;

/** Why `ack` is not an Ack<T> with a protocol error code, or null when it is. "internal" means a handler threw. */
function ackProblem(ack: unknown): string | null {
  if (typeof ack !== "object" || ack === null || !("ok" in ack)) return "not { ok, ... }";
  if (ack.ok === true) return "data" in ack ? null : "ok without data";
  if (ack.ok !== false || !("error" in ack)) return "ok is neither true nor false with an error";
  const error = ApiErrorSchema.safeParse(ack.error);
  if (!error.success) return "error is not { code, message } with a protocol code";
  return error.data.code === "internal" ? "internal: the handler threw on this input" : null;
}

/** The protocol's own schema for each event's payload: the oracle for what the server must accept. */
const PAYLOAD_SCHEMAS = {
  "message:send": SendMessageSchema,
  "messages:since": CatchUpSchema,
  "message:edit": EditMessageSchema,
  "message:delete": DeleteMessageSchema,
  "reaction:add": ReactionSchema,
  "reaction:remove": ReactionSchema,
  "changes:since": ChangesSinceSchema,
} as const;

/**
 * Whether the server must accept `value` as `event`'s payload: the schema's verdict on what Socket.IO
 * delivers, which is the value through JSON (undefined becomes null, a Date its string...). A payload with
 * binary parts goes as attachments, never as a string or a number, so the schema cannot take it.
 */
function validOnTheWire(event: keyof typeof PAYLOAD_SCHEMAS, value: unknown): boolean {
  let binary = false;
  const text = JSON.stringify([value], (_key, part: unknown) => {
    if (ArrayBuffer.isView(part) || part instanceof ArrayBuffer) binary = true;
    return part;
  });
  if (binary) return false;
  const [delivered] = JSON.parse(text) as unknown[];
  return PAYLOAD_SCHEMAS[event].safeParse(delivered).success;
}

/**
 * Emits with an ack callback and resolves with the ack or the timeout/disconnect error. The client
 * library throws on a few values it cannot encode (beside binary data, its copy of an object takes an own
 * "__proto__" key as its prototype, and a Date prototype makes JSON.stringify throw): those never reach
 * the server, so the case is discarded.
 */
function emitWithAck(socket: TestSocket, event: string, args: unknown[]): Promise<{ ack: unknown } | { error: Error }> {
  return new Promise((resolve) => {
    try {
      loose(socket)
        .timeout(ACK_TIMEOUT_MS)
        .emit(event, ...args, (error: Error | null, ack: unknown) => resolve(error === null ? { ack } : { error }));
    } catch {
      fc.pre(false);
    }
  });
}

/** Emits without an ack; discards the case if the client library cannot encode it (see emitWithAck). */
function emitUnacked(socket: TestSocket, event: string, args: unknown[]): void {
  try {
    loose(socket).emit(event, ...args);
  } catch {
    fc.pre(false);
  }
}

/** VmRSS of a process, in MB (Linux). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/^VmRSS:\s+(\d+) kB$/m);
  if (line?.[1] === undefined) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(line[1]) / 1024;
}

function disconnected(socket: TestSocket, timeoutMs = ACK_TIMEOUT_MS): Promise<boolean> {
  if (!socket.connected) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    socket.once("disconnect", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
}

const printable = fc.string({ unit: "grapheme-ascii", maxLength: 80 });
/** Headers a proxy, a browser or Next.js itself might set; Next's internal ones included. */
const requestHeaders = fc.dictionary(
  fc.constantFrom("x-forwarded-for", "x-forwarded-host", "x-request-id", "origin", "cookie", "accept", "x-middleware-subrequest", "rsc", "next-router-state-tree", "next-action"),
  printable,
  { maxKeys: 3 },
);
const queryString = fc.oneof(
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom("limit", "before", "after", "__proto__", "constructor", "limit[]"), fc.string({ unit: "grapheme", maxLength: 20 })),
        fc.oneof(
          fc.integer().map(String),
          oddNumber.map(String),
          fc.constantFrom("", "NaN", "Infinity", "-0", "1e2", "0x10", " 5 ", "1.5", "-1", "0", "100", "101", "9007199254740993"),
          fc.string({ unit: "grapheme", maxLength: 40 }),
        ),
      ),
      { maxLength: 5 },
    )
    .map((pairs) => pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join("&")),
  // Raw, stray "%" included: URLSearchParams decodes leniently.
  fc.string({ unit: "grapheme-ascii", maxLength: 200 }).map((raw) => raw.replace(/#/g, "%23")),
);
const requestBody = fc.option(
  fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 2_000 }),
    fc.uint8Array({ maxLength: 65_536 }).map((bytes) => new Uint8Array(bytes)),
    anything.map((value) => JSON.stringify(value) ?? "null"),
    fc.constantFrom('{"__proto__":', '{"__proto__":{"polluted":true}}', "[".repeat(10_000), "\u0000"),
  ),
  { nil: undefined },
);
const contentType = fc.oneof(
  fc.constantFrom("application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/octet-stream"),
  printable,
);

/** A path segment where a room code goes: spellings of `code`, unknown codes, junk. Always well-formed escapes. */
function roomSegment(code: string): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.constantFrom(code, code.toLowerCase(), formatRoomCode(code), ` ${code} `, "ZZZZZZZZZ", "zzz-zzz-zzz", "%00", "<script>"),
      fc.string({ unit: "grapheme", maxLength: 60 }),
      fc.string({ unit: "binary-ascii", maxLength: 60 }),
      fc.string({ unit: "grapheme-ascii", minLength: 500, maxLength: 3_000 }),
    )
    .map((text) => encodeURIComponent(text))
    .filter(isNotDotSegment);
}

/** "." and ".." (also escaped) are resolved by the URL parser and never reach the server as such. */
function isNotDotSegment(segment: string): boolean {
  return !/^(\.|%2e){1,2}$/i.test(segment);
}

function httpRequests(code: string): fc.Arbitrary<FuzzRequest> {
  const segment = roomSegment(code);
  const newRoom = fc
    .record({ body: requestBody, type: contentType, headers: requestHeaders })
    .map(({ body, type, headers }) => ({ method: "POST", path: "/api/rooms", headers: { ...headers, "content-type": type }, body }));
  const lookUp = fc.record({ segment, headers: requestHeaders }).map(({ segment, headers }) => ({ method: "GET", path: `/api/rooms/${segment}`, headers }));
  const history = fc
    .record({ segment: fc.oneof(segment, fc.constant(code)), query: queryString, headers: requestHeaders })
    .map(({ segment, query, headers }) => ({ method: "GET", path: `/api/rooms/${segment}/messages?${query}`, headers }));
  const anyMethod = fc
    .record({
      method: fc.constantFrom("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "POST", "GET"),
      path: fc.constantFrom("/api/rooms", `/api/rooms/${code}`, `/api/rooms/${code}/messages`),
      headers: requestHeaders,
      body: requestBody,
    })
    .map((request) => (request.method === "GET" || request.method === "HEAD" ? { ...request, body: undefined } : request));
  return fc.oneof(
    { weight: 2, arbitrary: newRoom },
    { weight: 3, arbitrary: lookUp },
    { weight: 4, arbitrary: history },
    { weight: 1, arbitrary: anyMethod },
  );
}

function handshakeAuth(code: string): fc.Arbitrary<unknown> {
  const codeSpelling = fc.oneof(fc.constantFrom(code, code.toLowerCase(), formatRoomCode(code), "ZZZZZZZZZ"), fc.stringMatching(/^[2-9A-Z]{9}$/), fc.string(), anything);
  const name = fc.oneof(fc.string({ unit: "binary", maxLength: 40 }), fc.constantFrom("", " ", "a".repeat(33), "evil\u202Eeman", "x".repeat(300)), anything);
  const memberToken = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{16,128}$/), fc.string({ maxLength: 200 }), anything);
  const shaped = fc.record({ code: codeSpelling, name, memberToken }, { requiredKeys: [] });
  const nearlyValid = fc.record({
    code: fc.constantFrom(code, code.toLowerCase(), formatRoomCode(code)),
    name: fc.string({ unit: "grapheme", minLength: 1, maxLength: 32 }),
    memberToken: fc.stringMatching(/^[A-Za-z0-9_-]{16,128}$/),
  });
  return fc.oneof(anything, shaped, withExtraKeys(shaped), nearlyValid);
}

// ---------------------------------------------------------------------------------------------

describe("fuzzing one real server: every event, the handshake and every HTTP route", () => {
  const tmp = tempDir("fuzz");
  let server: RunningServer;
  let fuzzRoom: string;
  const sockets: TestSocket[] = [];
  const counts = { socket: 0, accepted: 0, dropped: 0, http: 0, handshakes: 0, admitted: 0 };
  const rss = { before: 0, after: 0 };
  const started = Date.now();

  async function expectAlive(): Promise<void> {
    expect(server.process.exitCode).toBeNull();
    expect(server.process.signalCode).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  }

  async function countSocketCase(): Promise<void> {
    counts.socket += 1;
    if (counts.socket % HEALTH_CHECK_EVERY === 0) await expectAlive();
  }

  /** A fuzzing connection that comes back as a fresh member whenever the server drops it. */
  function lane(prefix: string): () => Promise<TestSocket> {
    let socket: TestSocket | undefined;
    let generation = 0;
    return async () => {
      if (socket?.connected) return socket;
      socket?.close();
      socket = (await join(server.url, { code: fuzzRoom, name: `${prefix}-${(generation += 1)}` })).socket;
      sockets.push(socket);
      return socket;
    };
  }

  /**
   * Emits with an acknowledgement; the answer must come and be a typed Ack, unless the frame was too
   * large (then it resolves with undefined). Resolves with whether the server accepted.
   */
  /** The error code of each socket's last refused ack. */
  const lastAnswer = new WeakMap<TestSocket, string>();

  async function expectTypedAck(socket: TestSocket, event: string, args: unknown[]): Promise<boolean | undefined> {
    const tooLarge = mayExceedFrameLimit([event, ...args]);
    const outcome = await emitWithAck(socket, event, args);
    if ("error" in outcome) {
      if (!tooLarge || socket.connected) throw new Error(`${event} got no acknowledgement (${outcome.error.message})`);
      counts.dropped += 1;
      return undefined;
    }
    const problem = ackProblem(outcome.ack);
    if (problem !== null) throw new Error(`${event} answered ${preview(outcome.ack)}: ${problem}`);
    const accepted = (outcome.ack as { ok: boolean }).ok;
    if (accepted) counts.accepted += 1;
    else lastAnswer.set(socket, (outcome.ack as { error: { code: string } }).error.code);
    return accepted;
  }

  /** After a fire-and-forget frame: whether the connection still answers, or the server dropped it. Never a hang. */
  async function answersAfter(socket: TestSocket, sent: string): Promise<"answers" | "dropped"> {
    const outcome = await emitWithAck(socket, "messages:since", [NO_MESSAGES_YET]);
    if ("ack" in outcome) {
      expect(ackProblem(outcome.ack)).toBeNull();
      return "answers";
    }
    if (socket.connected) throw new Error(`the connection hangs after ${sent} (${outcome.error.message})`);
    counts.dropped += 1;
    return "dropped";
  }

  async function expectHandled(request: FuzzRequest): Promise<void> {
    const { method, path: target, headers, body } = request;
    const response = await fetch(`${server.url}${target}`, { method, headers, body, redirect: "manual" });
    const text = await response.text();
    counts.http += 1;
    if (counts.http % HEALTH_CHECK_EVERY === 0) await expectAlive();
    const what = `${method} ${target.slice(0, 120)} answered ${response.status}`;
    if (response.status >= 500) throw new Error(`${what}: ${text.slice(0, 200)}`);
    // Next answers 405 for methods a route does not define, without our JSON body; HEAD has no body at all.
    if (response.status < 400 || response.status === 405 || method === "HEAD") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`${what} with a body that is not JSON: ${text.slice(0, 200)}`);
    }
    const error = typeof parsed === "object" && parsed !== null && "error" in parsed ? parsed.error : undefined;
    if (!ApiErrorSchema.safeParse(error).success) throw new Error(`${what} without { error: { code, message } }: ${text.slice(0, 200)}`);
  }

  /** Handshake outcome: admitted, or refused with a protocol code; a non-object auth may be dropped by the parser. */
  function expectHandshakeAnswered(auth: unknown): Promise<void> {
    const socket = io(server.url, { auth: auth as Record<string, unknown>, transports: ["websocket"], reconnection: false, forceNew: true });
    counts.handshakes += 1;
    const plainObject = Object.prototype.toString.call(auth) === "[object Object]";
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => settle(new Error("neither connected nor refused")), 5_000);
      let settled = false;
      const settle = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.close();
        if (error === undefined) resolve();
        else reject(new Error(`handshake with auth ${preview(auth)}: ${error.message}`));
      };
      socket.once("connect", () => {
        counts.admitted += 1;
        settle();
      });
      socket.once("connect_error", (error: Error & { data?: { code?: unknown } }) => {
        const typed = (ERROR_CODES as readonly string[]).includes(error.message) && error.data?.code === error.message;
        settle(typed ? undefined : new Error(`connect_error ${preview(error.message)} is not a protocol error code`));
      });
      // Socket.IO's parser refuses a CONNECT whose data is not an object by closing the transport.
      socket.once("disconnect", (reason) => settle(plainObject ? new Error(`dropped (${reason})`) : undefined));
    });
  }

  beforeAll(async () => {
    server = await startServer(path.join(tmp.dir, "chat.db"));
    fuzzRoom = await createRoom(server.url);
    // Warm-up: every route and event once or twice, so lazily loaded code is in the baseline.
    const warm = (await join(server.url, { code: fuzzRoom, name: "warm-up" })).socket;
    sockets.push(warm);
    for (const value of fc.sample(payload, { numRuns: 100, seed: 42 })) {
      await loose(warm).timeout(ACK_TIMEOUT_MS).emitWithAck("messages:since", value).catch(() => undefined);
      await loose(warm).timeout(ACK_TIMEOUT_MS).emitWithAck("message:send", { text: "warm-up", clientId: crypto.randomUUID() }).catch(() => undefined);
    }
    for (const target of [`/api/rooms/${fuzzRoom}`, `/api/rooms/${fuzzRoom}/messages?limit=5`, "/api/rooms/nope", "/api/rooms/nope/messages", "/healthz"]) {
      for (let i = 0; i < 20; i += 1) await (await fetch(`${server.url}${target}`)).text();
    }
    warm.close();
    await sleep(500);
    rss.before = rssMb(server.pid);
  }, FUZZ_TIMEOUT_MS);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server.stop();
    tmp.remove();
  });

  it("accepts exactly the payloads to message:send and messages:since that the protocol's schema accepts, and refuses the rest with a typed error", async () => {
    const verdicts = Object.fromEntries(EVENTS_WITH_PAYLOAD.map((event) => [event, { accepted: 0, refused: 0 }]));
    await allPassed(
      EVENTS_WITH_PAYLOAD.flatMap((event) =>
        [1, 2].map((n) => {
          const next = lane(`${event.slice(0, 8)}-${n}`);
          return fc.assert(
            fc.asyncProperty(payload, async (value) => {
              await countSocketCase();
              const accepted = await expectTypedAck(await next(), event, [value]);
              if (accepted === undefined) return;
              const valid = validOnTheWire(event, value);
              if (accepted !== valid) throw new Error(`${event} ${accepted ? "accepted an invalid" : "refused a valid"} payload ${preview(value)}`);
              verdicts[event]![accepted ? "accepted" : "refused"] += 1;
            }),
            { numRuns: 700 },
          );
        }),
      ),
    );
    console.log(`fuzz payload verdicts: ${JSON.stringify(verdicts)}`);
    // Both outcomes happened for each event: the valid arbitraries reached the paths that store and read.
    for (const event of EVENTS_WITH_PAYLOAD) {
      expect(verdicts[event]!.accepted).toBeGreaterThan(0);
      expect(verdicts[event]!.refused).toBeGreaterThan(0);
    }
  }, FUZZ_TIMEOUT_MS);

  it("refuses exactly the edits, deletions, reactions and change-feed reads that the protocol's schema refuses, and answers the rest with a typed result", async () => {
    // A well-formed change to a message nobody has is answered message_not_found: what counts here is
    // that invalid_payload comes exactly when the schema says no, and nothing else goes wrong.
    const verdicts = Object.fromEntries(CHANGE_EVENTS.map((event) => [event, { valid: 0, invalid: 0 }]));
    await allPassed(
      CHANGE_EVENTS.map((event) => {
        const next = lane(event.slice(0, 12));
        return fc.assert(
          fc.asyncProperty(fc.oneof(changePayload, payload), async (value) => {
            await countSocketCase();
            const socket = await next();
            const accepted = await expectTypedAck(socket, event, [value]);
            if (accepted === undefined) return;
            const lastAck = lastAnswer.get(socket);
            const schemaSaysYes = accepted || (lastAck !== undefined && lastAck !== "invalid_payload");
            const valid = validOnTheWire(event, value);
            if (schemaSaysYes !== valid) throw new Error(`${event} ${schemaSaysYes ? "accepted an invalid" : "refused as invalid a valid"} payload ${preview(value)} (${lastAck ?? "ok"})`);
            verdicts[event]![valid ? "valid" : "invalid"] += 1;
          }),
          { numRuns: 300 },
        );
      }),
    );
    console.log(`fuzz change verdicts: ${JSON.stringify(verdicts)}`);
    for (const event of CHANGE_EVENTS) {
      expect(verdicts[event]!.valid).toBeGreaterThan(0);
      expect(verdicts[event]!.invalid).toBeGreaterThan(0);
    }
  }, FUZZ_TIMEOUT_MS);

  it("acknowledges room:leave, and ends the session when it comes without an ack or with a non-function", async () => {
    const next = lane("leave");
    await fc.assert(
      fc.asyncProperty(fc.option(fc.array(nonFunction, { maxLength: 2 }), { nil: undefined, freq: 2 }), async (argsWithoutAck) => {
        await countSocketCase();
        const socket = await next();
        if (argsWithoutAck === undefined) {
          const ack: unknown = await loose(socket).timeout(ACK_TIMEOUT_MS).emitWithAck("room:leave");
          expect(ack).toEqual({ ok: true, data: null });
        } else {
          emitUnacked(socket, "room:leave", argsWithoutAck);
        }
        expect(await disconnected(socket)).toBe(true);
      }),
      { numRuns: 150 },
    );
  }, FUZZ_TIMEOUT_MS);

  it("ignores unknown events, and events sent without an ack or with a non-function last argument", async () => {
    const next = lane("unacked");
    const unknownEvent = fc.string().filter((name) => !CLIENT_RESERVED.includes(name));
    const emit = fc.oneof(
      fc.record({ event: unknownEvent, args: fc.array(payload, { maxLength: 3 }) }),
      fc.record({ event: fc.constantFrom(...EVENTS_WITH_PAYLOAD), args: fc.array(nonFunction, { maxLength: 3 }) }),
    );
    await fc.assert(
      fc.asyncProperty(emit, async ({ event, args }) => {
        await countSocketCase();
        const socket = await next();
        emitUnacked(socket, event, args);
        const outcome = await answersAfter(socket, `${preview(event)} without an ack`);
        if (!mayExceedFrameLimit([event, ...args])) expect(outcome).toBe("answers");
      }),
      { numRuns: 700 },
    );
  }, FUZZ_TIMEOUT_MS);

  it("survives malformed Socket.IO frames: it handles them or drops the connection", async () => {
    const next = lane("raw");
    await fc.assert(
      fc.asyncProperty(rawFrame, async (frame) => {
        await countSocketCase();
        const socket = await next();
        socket.io.engine.write(frame);
        // A DISCONNECT packet for our namespace ends the session; the server then ignores that socket's
        // events while the client, which never sent it, still believes it is connected. socket.io-parser
        // reads an ack id of digits and whitespace alike (it tests Number(c) == c, and " " == 0), so
        // "1 " is one too.
        if (typeof frame === "string" && /^1(\/,)?[\d\s]*$/.test(frame)) socket.close();
        else await answersAfter(socket, `raw frame ${preview(frame)}`);
      }),
      { numRuns: 250 },
    );
    await expectAlive();
  }, FUZZ_TIMEOUT_MS);

  it("drops a connection whose frame is over the size limit, and stays up", async () => {
    const oversized: unknown[][] = [
      ["message:send", { text: "x".repeat(MAX_PAYLOAD_BYTES + 1), clientId: crypto.randomUUID() }],
      // Under the 16000-unit text limit, but 2 bytes each in UTF-8.
      ["message:send", { text: "é".repeat(12_000), clientId: crypto.randomUUID() }],
      ["messages:since", new Uint8Array(MAX_PAYLOAD_BYTES + 1)],
      ["unknown:event", "y".repeat(1024 * 1024)],
      ["message:send", nested(3, "array", "z".repeat(64 * 1024))],
    ];
    let index = 0;
    for (const [event, ...args] of oversized) {
      await countSocketCase();
      const { socket } = await join(server.url, { code: fuzzRoom, name: `oversize-${(index += 1)}` });
      sockets.push(socket);
      const ack = loose(socket).timeout(ACK_TIMEOUT_MS).emitWithAck(String(event), ...args);
      await expect(ack).rejects.toThrow();
      expect(socket.connected).toBe(false);
      counts.dropped += 1;
      await expectAlive();
    }
  }, FUZZ_TIMEOUT_MS);

  it("admits or refuses every random handshake, with a protocol error code", async () => {
    const code = await createRoom(server.url);
    await fc.assert(fc.asyncProperty(handshakeAuth(code), expectHandshakeAnswered), { numRuns: 200 });
    await expectAlive();
  }, FUZZ_TIMEOUT_MS);

  it("answers every random HTTP request below 500, and refuses with a JSON { error: { code, message } }", async () => {
    const code = await createRoom(server.url);
    const member = (await join(server.url, { code, name: "history" })).socket;
    sockets.push(member);
    for (let i = 0; i < 5; i += 1) await member.emitWithAck("message:send", { text: `message ${i}`, clientId: crypto.randomUUID() });
    const requests = httpRequests(code);
    // Two clients at once, as browsers would be.
    await allPassed([1, 2].map(() => fc.assert(fc.asyncProperty(requests, expectHandled), { numRuns: 550 })));
  }, FUZZ_TIMEOUT_MS);

  // Earlier runs found the two cases below mishandled (the handlers took the ack from a fixed argument
  // position; Next.js answered a malformed percent-escape in a dynamic segment with a bare 500); they
  // keep both fixed.

  it("acknowledges an event whatever the number of arguments before the ack", async () => {
    const next = lane("arity");
    const event = fc.constantFrom("message:send", "messages:since", "room:leave");
    await fc.assert(
      fc.asyncProperty(event, fc.array(payload, { maxLength: 3 }), async (name, args) => {
        await countSocketCase();
        const socket = await next();
        await expectTypedAck(socket, name, args);
        // After an acknowledged leave the server's disconnect may still be on its way: start afresh.
        if (name === "room:leave") socket.close();
      }),
      { numRuns: 150 },
    );
  }, FUZZ_TIMEOUT_MS);

  it("answers a malformed percent-escape in a room path with a JSON 4xx, not a 500", async () => {
    const raw = fc.stringMatching(/^[%0-9A-Fa-fzZ]{1,12}$/);
    const target = fc.tuple(raw.filter(isNotDotSegment), fc.constantFrom("", "/messages")).map(([segment, rest]) => `/api/rooms/${segment}${rest}`);
    await fc.assert(fc.asyncProperty(target, (where) => expectHandled({ method: "GET", path: where, headers: {} })), { numRuns: 100 });
  }, FUZZ_TIMEOUT_MS);

  it("stays up, settles its memory and still carries a normal conversation", async () => {
    for (const socket of sockets) socket.close();
    await sleep(3_000);
    rss.after = rssMb(server.pid);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `fuzz: ${counts.socket} socket cases (${counts.accepted} accepted, ${counts.dropped} connections dropped), ${counts.http} http cases, ` +
        `${counts.handshakes} handshakes (${counts.admitted} admitted), ` +
        `rss ${rss.before.toFixed(0)} MB -> ${rss.after.toFixed(0)} MB, ${seconds} s`,
    );
    await expectAlive();
    expect(rss.after - rss.before).toBeLessThan(RSS_GROWTH_LIMIT_MB);

    const code = await createRoom(server.url);
    const ana = await join(server.url, { code, name: "Ana" });
    const bob = await join(server.url, { code, name: "Bob" });
    sockets.push(ana.socket, bob.socket);
    const received = nextEvent(bob.socket, "message:created");
    const ack = await ana.socket.emitWithAck("message:send", { text: "still here after the storm", clientId: crypto.randomUUID() });
    expect(ack).toMatchObject({ ok: true, data: { text: "still here after the storm", author: { name: "Ana" } } });
    expect(await received).toMatchObject({ text: "still here after the storm", author: { name: "Ana" } });
  }, FUZZ_TIMEOUT_MS);
});
