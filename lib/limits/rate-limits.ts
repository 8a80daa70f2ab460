/**
 * Every rate limit, built on rate-limiter-flexible. The limiters are created through a factory: in
 * memory on a single instance, in Redis when several instances must share one budget (REDIS_URL).
 * A refusal is a DomainError("rate_limited") carrying how long to wait. A limit that cannot be
 * checked (Redis unreachable) refuses with "unavailable": failing open would let anyone who can
 * disturb Redis flood the rooms.
 */
import type { Redis } from "ioredis";
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type IRateLimiterOptions, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Limits } from "../config";
import { DomainError } from "../rooms/errors";

export type LimiterFactory = (options: IRateLimiterOptions) => RateLimiterAbstract;

export interface RateLimits {
  /** One message from a member (a burst allowance on top of a steady rate). */
  message(roomCode: string, memberId: string): Promise<void>;
  /** Counts one "too fast" refusal for a connection; true when it has earned a disconnect. */
  floodStrike(connectionId: string): Promise<boolean>;
  roomCreation(ip: string): Promise<void>;
  /** One connection attempt (the handshake) from an address. */
  join(ip: string): Promise<void>;
  /** Throws if the address has looked up too many codes that name no room. */
  assertCodeLookupAllowed(ip: string): Promise<void>;
  /** Records a lookup of a code that names no room. */
  badCode(ip: string): Promise<void>;
}

const memory: LimiterFactory = (options) => new RateLimiterMemory(options);

/** Limiters shared by every instance through Redis, under `prefix`. They fail at once when Redis is not connected. */
export function redisLimiters(client: Redis, prefix: string): LimiterFactory {
  return (options) =>
    new RateLimiterRedis({ ...options, storeClient: client, rejectIfRedisNotReady: true, keyPrefix: `${prefix}:limit:${options.keyPrefix ?? ""}` });
}

function unavailable(): DomainError {
  return new DomainError("unavailable", "The server cannot check its limits right now. Try again in a moment.");
}

// A chain rather than an async function: it runs for every message (see message-handlers.ts).
function consume(limiter: RateLimiterAbstract | BurstyRateLimiter, key: string, message: string): Promise<void> {
  return limiter.consume(key).then(
    () => undefined,
    (rejection: unknown) => {
      if (rejection instanceof RateLimiterRes) throw new DomainError("rate_limited", message, Math.max(0, Math.ceil(rejection.msBeforeNext)));
      throw unavailable();
    },
  );
}

export function createRateLimits(limits: Limits, factory: LimiterFactory = memory): RateLimits {
  const messages = new BurstyRateLimiter(
    factory({ keyPrefix: "msg", points: limits.messagesPer10s, duration: 10 }),
    factory({ keyPrefix: "msg-burst", points: limits.messageBurstPerMinute, duration: 60 }),
  );
  const floods = factory({ keyPrefix: "flood", points: limits.floodDisconnectAfter, duration: 10 });
  const rooms = factory({ keyPrefix: "rooms", points: limits.roomsPerHour, duration: 3600 });
  const joins = factory({ keyPrefix: "joins", points: limits.joinsPerMinute, duration: 60 });
  const badCodes = factory({ keyPrefix: "bad-codes", points: limits.badCodesPer10Min, duration: 600 });

  return {
    message: (roomCode, memberId) => consume(messages, `${roomCode}:${memberId}`, "You are sending messages too fast. Wait a moment."),
    async floodStrike(connectionId) {
      try {
        await floods.consume(connectionId);
        return false;
      } catch (rejection) {
        // A strike that cannot be counted disconnects no one; the send itself was already refused.
        return rejection instanceof RateLimiterRes;
      }
    },
    roomCreation: (ip) => consume(rooms, ip, "Too many rooms created from your network. Try again later."),
    join: (ip) => consume(joins, ip, "Too many connection attempts from your network. Wait a moment."),
    async assertCodeLookupAllowed(ip) {
      const used = await badCodes.get(ip).catch(() => Promise.reject(unavailable()));
      if (used !== null && used.consumedPoints >= limits.badCodesPer10Min) {
        throw new DomainError("rate_limited", "Too many wrong room codes from your network. Try again later.", Math.ceil(used.msBeforeNext));
      }
    },
    async badCode(ip) {
      await badCodes.penalty(ip, 1).catch(() => Promise.reject(unavailable()));
    },
  };
}
