/**
 * The client side of every socket test: real socket.io-client connections to a test server, spawned
 * (integration/harness.ts) or in-process (realtime/in-process.ts).
 */
import { io, type ManagerOptions, type Socket, type SocketOptions } from "socket.io-client";
import { RoomSession, type ChatClientSocket } from "@/lib/client/room-session";
import type { ClientToServerEvents, RoomSnapshot, ServerToClientEvents } from "@/lib/protocol";
import { memoryOutboxStorage } from "../tooling/memory-outbox-storage";

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Every test client comes from 127.0.0.1: a test server lifts the per-address and per-member limits
 * unless a test sets its own.
 */
export const GENEROUS_LIMITS = {
  MAX_CONNECTIONS_PER_IP: "100000",
  RATE_MESSAGES_PER_10S: "1000000",
  RATE_MESSAGES_BURST: "1000000",
  RATE_CHANGES_PER_10S: "1000000",
  RATE_ROOMS_PER_HOUR: "1000000",
  RATE_JOINS_PER_MINUTE: "1000000",
  RATE_BAD_CODES_PER_10MIN: "1000000",
  RATE_HISTORY_PER_10S: "1000000",
  RATE_HISTORY_PER_MINUTE: "1000000",
  RATE_ADDRESS_KB_PER_MINUTE: "1000000",
};

/** What a test's handshake sends: the code and name, and a member token (a fresh one if not given), owner key or passphrase. */
export interface JoinRequestAuth {
  code: string;
  name: string;
  memberToken?: string;
  ownerKey?: string;
  passphrase?: string;
}

export interface Member {
  socket: TestSocket;
  snapshot: RoomSnapshot;
}

/** Connects a member and resolves with its first room snapshot, or rejects with the connect_error. */
export function join(url: string, auth: JoinRequestAuth, options: Partial<ManagerOptions & SocketOptions> = {}): Promise<Member> {
  const socket: TestSocket = io(url, {
    auth: { memberToken: `token-${Math.random().toString(36).slice(2)}-${Date.now()}`, ...auth },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    ...options,
  });
  return new Promise((resolve, reject) => {
    socket.once("room:snapshot", (snapshot) => resolve({ socket, snapshot }));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
  timeoutMs = 5_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    // Socket.IO's typed `once` cannot express a generic event name; the payload type is restored above.
    (socket.once as (event: string, listener: (payload: never) => void) => void)(event, (payload) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/**
 * What `socket` hears about the others from now on, in order: "joined:Ana", "left:Ana", and
 * "reconnecting:Ana" or "present:Ana" for a status change.
 */
export function presenceEvents(socket: TestSocket): string[] {
  const events: string[] = [];
  socket.on("member:joined", ({ member }) => events.push(`joined:${member.name}`));
  socket.on("member:left", ({ member }) => events.push(`left:${member.name}`));
  socket.on("member:updated", ({ member }) => events.push(`${member.status ?? "?"}:${member.name}`));
  return events;
}

/** Polls `check` every 20 ms until it holds; after `timeoutMs` fails, naming `what` it waited for. */
export async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Browser RoomSessions driven from Node against the server at `url()` (read at each connect, so a test
 * may restart its server on a new port): an outbox in memory, WebSocket only, quick reconnects.
 * `closeAll()` closes every session made since the last call.
 */
export function roomSessions(url: () => string) {
  const made: RoomSession[] = [];
  return {
    session(code: string, name: string, reconnectionDelay = 100): RoomSession {
      const created = new RoomSession({
        code,
        name,
        memberToken: `tok-${crypto.randomUUID()}`,
        outboxStorage: memoryOutboxStorage(),
        ackTimeoutMs: 3_000,
        connect: (auth) =>
          io(url(), { auth, autoConnect: false, transports: ["websocket"], reconnectionDelay, reconnectionDelayMax: reconnectionDelay }) as ChatClientSocket,
      });
      made.push(created);
      return created;
    },
    closeAll(): void {
      while (made.length > 0) made.pop()?.close();
    },
  };
}
