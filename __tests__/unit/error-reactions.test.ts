/**
 * The ErrorCode -> reaction table, row by row, where it acts: the handshake (Connection, with a fake
 * socket in place of Socket.IO) at the first join and at a reconnect, and a send (Delivery).
 */
import { EventEmitter } from "node:events";
import { ERROR_REACTIONS, handshakeRefusal, retryDelay } from "@/lib/client/error-reactions";
import { Connection, type LinkSocket, type LinkState } from "@/lib/client/session/connection";
import { Delivery } from "@/lib/client/session/delivery";
import { RoomStore } from "@/lib/client/session/room-store";
import { ERROR_CODES, type Ack, type ApiError, type ErrorCode, type Message } from "@/lib/protocol";
import { storedMessage } from "../fixtures";
import { memoryOutboxStorage } from "../../tooling/memory-outbox-storage";

/** Decided one by one in lib/client/error-reactions.ts; this list says what the tests below expect. */
const RETRIED: readonly ErrorCode[] = ["rate_limited", "room_full", "unavailable", "internal"];

/** Socket.IO's socket as the link drives it: the test plays the server's side. */
class FakeSocket extends EventEmitter {
  connected = false;
  connects = 0;
  readonly io = { engine: { close: () => this.drop("transport close") } };
  connect() {
    this.connects += 1;
    return this;
  }
  disconnect() {
    if (this.connected) this.drop("io client disconnect");
    return this;
  }
  accept() {
    this.connected = true;
    this.emit("connect");
  }
  refuse(error: ApiError) {
    // As socket.io-client hands a middleware's error over: message = the code, data = what the server attached.
    this.emit("connect_error", Object.assign(new Error(error.code), { data: error }));
  }
  drop(reason: string) {
    this.connected = false;
    this.emit("disconnect", reason);
  }
}

function link() {
  const socket = new FakeSocket();
  const states: LinkState[] = [];
  const refused: ApiError[] = [];
  const connection = new Connection(socket as unknown as LinkSocket, { changed: (state) => states.push(state), refused: (error) => refused.push(error) });
  connection.open();
  return { socket, connection, refused, states };
}

beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
afterEach(() => jest.useRealTimers());

test("every code has a reaction, and exactly the transient ones are retried", () => {
  expect(Object.keys(ERROR_REACTIONS).sort()).toEqual([...ERROR_CODES].sort());
  expect(ERROR_CODES.filter((code) => ERROR_REACTIONS[code] === "retry")).toEqual(RETRIED);
});

test("a transport failure is told apart from a refusal, and the refusal keeps the server's wait", () => {
  expect(handshakeRefusal(new Error("websocket error"))).toBeNull();
  const refused = Object.assign(new Error("rate_limited"), { data: { code: "rate_limited", message: "Too many", retryAfterMs: 10_000 } });
  expect(handshakeRefusal(refused)).toEqual({ code: "rate_limited", message: "Too many", retryAfterMs: 10_000 });
  expect(handshakeRefusal(new Error("room_full"))).toEqual({ code: "room_full", message: "room_full" });
});

describe.each(ERROR_CODES)("handshake refused %s", (code) => {
  const retried = RETRIED.includes(code);
  const refusal: ApiError = { code, message: `server says ${code}`, retryAfterMs: 2_500 };

  for (const moment of ["first join", "reconnect"] as const) {
    test(`at the ${moment}: ${retried ? "retried when the server says, shown meanwhile" : "shown, and never retried"}`, () => {
      const { socket, connection, refused } = link();
      if (moment === "reconnect") {
        socket.accept();
        socket.drop("transport close");
      }
      const connectsBefore = socket.connects;
      socket.refuse(refusal);
      if (!retried) {
        expect(refused).toEqual([refusal]);
        expect(connection.state).toEqual({ status: "closed", retry: null });
        jest.advanceTimersByTime(60_000);
        expect(socket.connects).toBe(connectsBefore);
        return;
      }
      expect(refused).toEqual([]);
      const status = moment === "first join" ? "connecting" : "reconnecting";
      expect(connection.state).toEqual({ status, retry: { code, message: refusal.message, at: 1_000_000 + 2_500 } });
      jest.advanceTimersByTime(2_499);
      expect(socket.connects).toBe(connectsBefore);
      jest.advanceTimersByTime(1);
      expect(socket.connects).toBe(connectsBefore + 1);
      socket.accept();
      expect(connection.state).toEqual({ status: "connected", retry: null });
    });
  }
});

test("refusals in a row without a stated wait back off 1 s, 2 s, 4 s", () => {
  const { socket, connection } = link();
  for (const delay of [1_000, 2_000, 4_000]) {
    const before = socket.connects;
    socket.refuse({ code: "room_full", message: "full" });
    expect(connection.state.retry?.at).toBe(Date.now() + delay);
    jest.advanceTimersByTime(delay);
    expect(socket.connects).toBe(before + 1);
  }
});

test("a server that was never reached ends the first join; once reached, the Manager's retries are left alone", () => {
  const first = link();
  first.socket.emit("connect_error", new Error("websocket error"));
  expect(first.refused).toEqual([expect.objectContaining({ code: "internal", message: expect.stringMatching(/reach the server/) })]);

  const later = link();
  later.socket.accept();
  later.socket.drop("transport close");
  later.socket.emit("connect_error", new Error("websocket error"));
  expect(later.refused).toEqual([]);
  expect(later.connection.state).toEqual({ status: "reconnecting", retry: null });
});

test("a server-side disconnect is retried by us; one after session:ended closes the link", () => {
  const { socket, connection } = link();
  socket.accept();
  socket.drop("io server disconnect");
  jest.advanceTimersByTime(1_000);
  expect(socket.connects).toBe(2);
  socket.accept();
  socket.emit("session:ended", { code: "room_not_found", message: "deleted" });
  socket.drop("io server disconnect");
  expect(connection.state.status).toBe("closed");
  jest.advanceTimersByTime(60_000);
  expect(socket.connects).toBe(2);
});

describe.each(ERROR_CODES)("a send refused %s", (code) => {
  const retried = RETRIED.includes(code);
  test(retried ? "is sent again after the wait" : "is marked failed with the refusal", async () => {
    const answers: Ack<Message>[] = [{ ok: false, error: { code, message: `no: ${code}`, retryAfterMs: 500 } }, { ok: true, data: storedMessage(1, { clientId: "" }) }];
    const sent: string[] = [];
    const socket = {
      connected: true,
      timeout: () => ({
        emitWithAck: (_event: string, input: { clientId: string }) => {
          sent.push(input.clientId);
          const answer = answers.shift()!;
          return Promise.resolve(answer.ok ? { ok: true, data: { ...answer.data, clientId: input.clientId } } : answer);
        },
      }),
    };
    const store = new RoomStore("ABCDEFGHJ", memoryOutboxStorage());
    const delivery = new Delivery(socket as unknown as ConstructorParameters<typeof Delivery>[0], store, 1_000, { changed: () => undefined, refused: () => undefined });
    await delivery.send("hello");
    await jest.advanceTimersByTimeAsync(499);
    expect(sent).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    if (retried) {
      expect(sent).toHaveLength(2);
      expect(sent[1]).toBe(sent[0]);
      expect(store.getSnapshot().outbox).toEqual([]);
      expect(store.getSnapshot().messages.map((m) => m.text)).toEqual(["text 1"]);
    } else {
      expect(sent).toHaveLength(1);
      expect(store.getSnapshot().outbox).toEqual([expect.objectContaining({ status: "failed", error: { code, message: `no: ${code}`, retryAfterMs: 500 } })]);
    }
  });
});

test("retryDelay honours the server's wait over the back-off", () => {
  expect(retryDelay(1, undefined)).toBe(1_000);
  expect(retryDelay(9, 10_000)).toBe(10_000);
});
