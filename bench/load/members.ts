/** Connecting the load generator's members: real socket.io-client sockets over WebSocket only. */
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../../lib/protocol";
import type { PlacedMember } from "./messages";

export type BenchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Member {
  spec: PlacedMember;
  socket: BenchSocket;
}

const CONNECT_TIMEOUT_MS = 30_000;

/** Resolves once the member has its room:snapshot; rejects with the connect_error message otherwise. */
export function connectMember(url: string, spec: PlacedMember): Promise<Member> {
  const options = {
    transports: ["websocket"],
    // Not in socket.io-client's types, but engine.io-client hands it to ws (and so to net.connect).
    localAddress: spec.address,
    auth: { code: spec.room, name: spec.name, memberToken: spec.memberToken },
    reconnection: false,
    forceNew: true,
    timeout: CONNECT_TIMEOUT_MS,
  };
  const socket: BenchSocket = io(url, options);
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => fail(error.message);
    const onDisconnect = (reason: string) => fail(`disconnected: ${reason}`);
    const settle = () => {
      clearTimeout(timer);
      socket.off("connect_error", onError);
      socket.off("disconnect", onDisconnect);
    };
    const fail = (reason: string) => {
      settle();
      socket.close();
      reject(new Error(reason));
    };
    const timer = setTimeout(() => fail("timeout"), CONNECT_TIMEOUT_MS);
    socket.once("room:snapshot", () => {
      settle();
      resolve({ spec, socket });
    });
    socket.once("connect_error", onError);
    socket.once("disconnect", onDisconnect);
  });
}

export interface Connected {
  members: Member[];
  errors: Record<string, number>;
}

/** Connects every spec to its process in `urls`, with at most `concurrency` handshakes in flight. */
export async function connectAll(urls: readonly string[], specs: readonly PlacedMember[], concurrency: number): Promise<Connected> {
  const members: Member[] = [];
  const errors: Record<string, number> = {};
  let next = 0;
  const lane = async () => {
    while (next < specs.length) {
      const spec = specs[next++]!;
      try {
        members.push(await connectMember(urls[spec.instance]!, spec));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        errors[reason] = (errors[reason] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  return { members, errors };
}

/** Counts connected members per room. */
export function membersByRoom(members: readonly Member[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { spec } of members) counts[spec.room] = (counts[spec.room] ?? 0) + 1;
  return counts;
}
