/**
 * Cross-instance fan-out: the Socket.IO Redis Streams adapter. Every broadcast (io.to(room).emit) is
 * appended to one Redis stream that every instance reads, so members connected to any instance get
 * it. Why streams rather than pub/sub: a reader resumes from its last offset after a Redis blip, so a
 * message or a join/leave notice broadcast meanwhile arrives late instead of never (docs/scaling.md).
 */
import { createAdapter } from "@socket.io/redis-streams-adapter";
import type { Redis } from "ioredis";
import type { ServerOptions } from "socket.io";

/**
 * Entries kept in the stream: how far a reader may fall behind (during a blip) and still catch up.
 * The app never replays from it (clients catch up from the store by seq), so it need not be long.
 */
const STREAM_MAX_LENGTH = 10_000;

export function redisStreamsAdapter(client: Redis, prefix: string): ServerOptions["adapter"] {
  return createAdapter(client, {
    streamName: `${prefix}:socket.io`,
    channelPrefix: `${prefix}:socket.io`,
    maxLen: STREAM_MAX_LENGTH,
  });
}
