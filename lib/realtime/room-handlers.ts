/**
 * A member's life in a room: the snapshot on arrival, sending messages, leaving. Each handler follows
 * one order: validate -> domain call -> ack the sender -> emit to the room.
 */
import { HISTORY_PAGE_DEFAULT, SendMessageSchema, firstIssue, type Message } from "../protocol";
import { DomainError } from "../rooms/errors";
import { asAck, respond } from "./respond";
import type { ChatServer, ChatSocket, RealtimeDeps } from "./types";
import type { JoinState } from "./join";

export function registerRoomHandlers(io: ChatServer, socket: ChatSocket, deps: RealtimeDeps, state: JoinState): void {
  const { rooms, presence, logger } = deps;
  const { roomCode, memberId, name } = socket.data;
  const log = logger.child({ socketId: socket.id, room: roomCode });
  state.admitted.add(socket);

  socket.on("message:send", (input: unknown, ackCandidate: unknown) => {
    void (async () => {
      let created = false;
      const message = await respond<Message>(asAck(ackCandidate), log, async () => {
        const parsed = SendMessageSchema.safeParse(input);
        if (!parsed.success) throw new DomainError("invalid_payload", firstIssue(parsed.error));
        const result = await rooms.postMessage({ roomCode, memberId, name }, parsed.data);
        created = result.created;
        return result.message;
      });
      // A retried send was broadcast the first time; sending it again would only make clients dedupe.
      if (message !== undefined && created) io.to(roomCode).emit("message:created", message);
    })();
  });

  socket.on("room:leave", (ackCandidate: unknown) => {
    asAck<null>(ackCandidate)?.({ ok: true, data: null });
    socket.disconnect(true);
  });

  socket.on("disconnect", () => {
    void (async () => {
      const released = await presence.release(roomCode, socket.id);
      if (released?.departed) {
        io.to(roomCode).emit("member:left", { member: released.member, members: await presence.members(roomCode) });
      }
    })().catch((error: unknown) => log.error({ err: error }, "leave failed"));
  });

  void (async () => {
    await socket.join(roomCode);
    const [members, page] = await Promise.all([
      presence.members(roomCode),
      rooms.history(roomCode, { limit: HISTORY_PAGE_DEFAULT }),
    ]);
    socket.emit("room:snapshot", { code: roomCode, you: { name }, members, messages: page.messages, hasOlder: page.hasOlder });
    // The newcomer learns the room from its snapshot; the others from this notice.
    if (state.arrivals.has(socket)) socket.to(roomCode).emit("member:joined", { member: { name }, members });
  })().catch((error: unknown) => {
    log.error({ err: error }, "could not send the room snapshot");
    socket.disconnect(true);
  });
}
