/**
 * The handshake: a socket is admitted to a room only within the rate and connection limits, with a
 * valid name, an existing room and a name nobody else holds there. A refusal reaches the client as
 * connect_error with message = error code and data = { code, message, retryAfterMs? }
 * (https://socket.io/docs/v4/middlewares/#handling-middleware-error).
 */
import type { ExtendedError } from "socket.io";
import { clientIp } from "../http/client-ip";
import { JoinAuthSchema, firstIssue, type ApiError } from "../protocol";
import { DomainError, isDomainError, toApiError } from "../errors";
import { authorIdFor, memberIdFromToken } from "../identity";
import { lookUpRoom } from "../rooms/room-lookup";
import { departAfter, releaseUntilDone } from "./presence-handlers";
import type { ChatSocket, HandlerContext } from "./types";

function refusal(error: ApiError): ExtendedError {
  const refused: ExtendedError = new Error(error.code);
  refused.data = error;
  return refused;
}

function parseAuth(auth: unknown) {
  const parsed = JoinAuthSchema.safeParse(auth);
  if (parsed.success) return parsed.data;
  const field = parsed.error.issues[0]?.path[0];
  if (field === "code") return null; // A malformed code names no room: same answer as an unknown one.
  if (field === "name") throw new DomainError("invalid_name", firstIssue(parsed.error));
  throw new DomainError("invalid_payload", "The connection request is malformed.");
}

/** What a refused claim means to the client. */
function claimRefusal(reason: "name_taken" | "room_full" | "address_full"): DomainError {
  if (reason === "room_full") return new DomainError("room_full", "This room is full right now.");
  if (reason === "address_full") return new DomainError("rate_limited", "Too many connections from your network.", 10_000);
  return new DomainError("name_taken", "Someone in this room already uses that name.");
}

/** The refusal counter's label for each connection cap. */
const CAP_METRICS = { room_full: "connections_per_room", address_full: "connections_per_ip" } as const;

export function joinMiddleware(ctx: HandlerContext) {
  const { deps, arrivals, resumed, admitted, joining, ownerClaims } = ctx;
  const { rooms, presence, limits, logger, config } = deps;

  async function admit(socket: ChatSocket, ip: string): Promise<void> {
    await limits.join(ip);
    const auth = parseAuth(socket.handshake.auth);
    // The same lookup, and the same count of unknown codes per address, as the HTTP routes and pages.
    const code = await lookUpRoom(rooms, limits, ip, auth?.code ?? "");
    if (auth === null) throw new DomainError("room_not_found", "There is no room with that code."); // "" names no room
    const { name, memberToken, passphrase } = auth;

    const memberId = memberIdFromToken(memberToken);
    // A name is its first member's for the room's life (in the store), whoever is present now; the
    // first spelling wins, so a member who comes back as "ana" stays "Ana".
    const holder = await rooms.nameHolder(code, name);
    const returning = holder?.memberId === memberId;
    // The owner's decisions come before the name: a newcomer to a locked room learns nothing of who is in it.
    const { claim: ownerKeyHash } = await deps.access.admit({ code, memberId, address: ip, returning, ownerKey: auth.ownerKey, passphrase });
    if (holder !== null && !returning) throw new DomainError("name_taken", "Someone in this room already uses that name.");
    const spelling = holder?.name ?? name;
    // The registry checks the connection caps and the name in one atomic step, across instances.
    const claim = await presence.claim(code, spelling, memberId, { id: socket.id, address: ip });
    if (!claim.ok) {
      if (claim.reason !== "name_taken") deps.metrics.rateLimited(CAP_METRICS[claim.reason]);
      throw claimRefusal(claim.reason);
    }
    socket.data = { roomCode: code, memberId, authorId: authorIdFor(code, memberId), name: claim.member.name, address: ip };
    if (claim.arrived) arrivals.add(socket);
    if (claim.resumed) resumed.add(socket);
    // The transport may have closed while the claim was in flight (a round trip to Redis): its "close"
    // has fired already and will not again, so release now rather than leave a ghost holding the name.
    if (socket.conn.readyState !== "open") {
      await abandon(socket, claim.arrived);
      throw new DomainError("unavailable", "The connection closed while joining.");
    }
    socket.conn.once("close", () => {
      // If the client vanished between here and "connection", no disconnect event will ever fire.
      if (!admitted.has(socket)) void abandon(socket, claim.arrived);
    });
    // Reserved only now, once admitted, so that a refused join holds no name. Another instance may have
    // reserved it since the read above: then this join gives its claim back and is refused.
    try {
      await rooms.reserveName(code, memberId, spelling);
    } catch (error) {
      await abandon(socket, claim.arrived);
      throw error;
    }
    // Only a join that succeeded takes the room with the owner key, and only while the key is the room's.
    if (ownerKeyHash !== null && (await deps.access.claimOwnership(code, memberId, ownerKeyHash))) ownerClaims.add(socket);
  }

  function abandon(socket: ChatSocket, arrived: boolean): Promise<void> {
    const { roomCode } = socket.data;
    return releaseUntilDone(ctx, async () => {
      const released = await presence.release(roomCode, socket.id);
      if (!released?.lastConnection) return;
      // A newcomer was never announced, so it leaves silently; a returning member gets the usual grace.
      if (arrived) await presence.depart(roomCode, released.member.name);
      else departAfter(ctx, roomCode, released.member.name, deps.presenceGraceMs);
    });
  }

  return async (socket: ChatSocket, next: (error?: ExtendedError) => void): Promise<void> => {
    // Listed as live before it claims, so that reconciliation never releases a claim in flight; no
    // longer once its transport closes (a claim it still holds is then a ghost to reconcile).
    joining.add(socket.id);
    socket.conn.once("close", () => joining.delete(socket.id));
    try {
      await admit(socket, clientIp(socket.request, config));
      next();
    } catch (error) {
      joining.delete(socket.id);
      if (isDomainError(error)) return next(refusal(toApiError(error)));
      logger.error({ err: error, socketId: socket.id }, "join failed");
      next(refusal({ code: "internal", message: "The server could not admit you. Try again." }));
    }
  };
}
