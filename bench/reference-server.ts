/**
 * The yardstick: the least a Socket.IO room chat can do with the app's protocol. A plain http server
 * and a plain Socket.IO server with the same handshake auth ({ code, name, memberToken }) and the same
 * events (room:snapshot on connect, message:send with an ack carrying a Message, message:created to
 * the room, typing:update relayed as member:typing to the others), but no storage, no validation, no
 * limits and no presence. Benchmark use only.
 *
 *   PORT=4000 node --import tsx bench/reference-server.ts
 */
import { randomInt, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { Server } from "socket.io";
import type { Ack, ClientToServerEvents, Message, ServerToClientEvents } from "../lib/protocol";
import { createMessageBook } from "./reference-book";

interface Identity {
  code: string;
  name: string;
}

const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const seqByRoom = new Map<string, number>();
const book = process.env.REFERENCE_KEEP_MESSAGES === "1" ? createMessageBook() : null;

function newRoomCode(): string {
  return Array.from({ length: 9 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
}

const httpServer = createServer((request, response) => {
  const json = (status: number, body: unknown) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  };
  if (request.method === "POST" && request.url === "/api/rooms") return json(201, { code: newRoomCode() });
  if (request.url === "/healthz") return json(200, { status: "ok" });
  const history = /^\/api\/rooms\/([^/?]+)\/messages(?:\?|$)/.exec(request.url ?? "");
  if (request.method === "GET" && history !== null && book !== null) {
    const query = new URL(request.url ?? "", "http://reference").searchParams;
    const before = query.get("before");
    return json(200, book.page(history[1] ?? "", Number(query.get("limit") ?? 50), before === null ? undefined : Number(before)));
  }
  json(404, { error: { code: "room_not_found", message: "Not found." } });
});

// The reference has no owners: every room is open, and what the snapshot says of it is constant.
const OPEN_ROOM = { owner: null, locked: false, hasPassphrase: false, lifetimeHours: 168, expiresAt: new Date(0).toISOString(), kicked: [] };

const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, Identity>(httpServer, { serveClient: false });

io.use((socket, next) => {
  // Trusted as sent: the reference does no validation.
  const auth = socket.handshake.auth as Identity;
  socket.data = { code: auth.code, name: auth.name };
  next();
});

io.on("connection", (socket) => {
  const { code, name } = socket.data;
  // The app's author ids are 16 hex digits; the reference sends as many bytes, without hashing.
  const id = socket.id.slice(0, 16).padEnd(16, "0");
  void socket.join(code);
  socket.emit("room:snapshot", { code, you: { id, name }, members: [{ name }], messages: [], hasOlder: false, lastChange: book?.lastChange(code) ?? 0, room: OPEN_ROOM });
  socket.on("message:send", (input, ack: (result: Ack<Message>) => void) => {
    const seq = (seqByRoom.get(code) ?? 0) + 1;
    seqByRoom.set(code, seq);
    const message: Message = {
      id: randomUUID(),
      seq,
      roomCode: code,
      clientId: input.clientId,
      author: { id, name },
      text: input.text,
      createdAt: new Date().toISOString(),
      version: 0,
      editedAt: null,
      deletedAt: null,
      replyTo: null,
      reactions: [],
    };
    book?.add(message);
    ack({ ok: true, data: message });
    io.to(code).emit("message:created", message);
  });
  socket.on("typing:update", (input) => socket.to(code).emit("member:typing", { name, typing: input.typing }));
  if (book === null) return;
  // Like the app (lib/realtime/change-handlers.ts), a change that found the message already in the
  // asked state (a retry) is broadcast too.
  const answer = (ack: (result: Ack<Message>) => void, result: Ack<Message>) => {
    ack(result);
    if (result.ok) io.to(code).emit("message:updated", result.data);
  };
  socket.on("message:edit", (input, ack) => answer(ack, book.edit(code, name, input.id, input.text)));
  socket.on("message:delete", (input, ack) => answer(ack, book.remove(code, name, input.id)));
  socket.on("reaction:add", (input, ack) => answer(ack, book.react(code, name, input.messageId, input.emoji, true)));
  socket.on("reaction:remove", (input, ack) => answer(ack, book.react(code, name, input.messageId, input.emoji, false)));
});

httpServer.listen(Number(process.env.PORT ?? 0), process.env.HOSTNAME ?? "127.0.0.1", () => {
  const address = httpServer.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  console.log(JSON.stringify({ msg: "listening", port }));
});

process.once("SIGTERM", () => {
  void io.close(() => process.exit(0));
});
