/**
 * Every rate limit, built on rate-limiter-flexible. The limiters are created through a factory: in
 * memory on a single instance, in Redis when several instances must share one budget (REDIS_URL).
 * A refusal is a DomainError("rate_limited") carrying how long to wait. A limit that cannot be
 * checked (Redis unreachable) refuses with "unavailable": failing open would let anyone who can
 * disturb Redis flood the rooms.
 *
 * Every limit is consumed before the work it guards, in one atomic step of the limiter (a check that
 * reads the budget and charges it later lets concurrent requests all pass: issue 15 saw 268 of 300
 * concurrent wrong codes answered against a limit of 30). Where only a failure should count, the point
 * is given back afterwards (a code that named a room).
 */
import type { Redis } from "ioredis";
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type IRateLimiterOptions, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Limits } from "../config";
import { DomainError } from "../errors";

export type LimiterFactory = (options: IRateLimiterOptions) => RateLimiterAbstract;

export interface RateLimits {
  /**
   * One message from a member (a burst allowance on top of a steady rate), and its text's kilobytes
   * (at least 1) from the member's address, whatever member tokens that address uses.
   */
  message(roomCode: string, memberId: string, address: string, textBytes: number): Promise<void>;
  /**
   * One edit, deletion or reaction from a member (RATE_CHANGES_PER_10S, a budget apart from
   * messages'), and its text's kilobytes (at least 1) from the member's address, like a message.
   */
  change(roomCode: string, memberId: string, address: string, textBytes: number): Promise<void>;
  /** One page of history read: by a connection (null over HTTP), and by the address. */
  historyPage(connectionId: string | null, address: string): Promise<void>;
  /** Counts one "too fast" refusal for a connection; true when it has earned a disconnect. */
  floodStrike(connectionId: string): Promise<boolean>;
  roomCreation(ip: string): Promise<void>;
  /** One connection attempt (the handshake) from an address. */
  join(ip: string): Promise<void>;
  /** Charges one lookup of a room code to the address; throws if it has used up its misses. */
  codeLookup(ip: string): Promise<void>;
  /** Gives the lookup's point back: the code named a room, and only misses count. */
  codeFound(ip: string): Promise<void>;
  /**
   * Charges one passphrase attempt to the address and to the room (RATE_PASSPHRASE_PER_10MIN,
   * RATE_PASSPHRASE_ROOM_PER_10MIN); throws when either has used up its misses.
   */
  passphraseAttempt(ip: string, roomCode: string): Promise<void>;
  /** Gives the attempt's points back: the passphrase was right, and only misses count. */
  passphraseRight(ip: string, roomCode: string): Promise<void>;
  /**
   * One action of a room's owner (RATE_OWNER_ACTIONS_PER_MINUTE), counted per room: a room has one
   * owner, and an owner who reconnects under new member tokens must not get a new budget each time.
   */
  ownerAction(roomCode: string): Promise<void>;
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
function consume(limiter: RateLimiterAbstract | BurstyRateLimiter, key: string, message: string, points = 1): Promise<void> {
  return limiter.consume(key, points).then(
    () => undefined,
    (rejection: unknown) => {
      if (rejection instanceof RateLimiterRes) throw new DomainError("rate_limited", message, Math.max(0, Math.ceil(rejection.msBeforeNext)));
      throw unavailable();
    },
  );
}

const KB = 1024;

export function createRateLimits(limits: Limits, factory: LimiterFactory = memory): RateLimits {
  const messages = new BurstyRateLimiter(
    factory({ keyPrefix: "msg", points: limits.messagesPer10s, duration: 10 }),
    factory({ keyPrefix: "msg-burst", points: limits.messageBurstPerMinute, duration: 60 }),
  );
  const changes = factory({ keyPrefix: "changes", points: limits.changesPer10s, duration: 10 });
  const addressKb = factory({ keyPrefix: "addr-kb", points: limits.addressKbPerMinute, duration: 60 });
  const pagesPerConnection = factory({ keyPrefix: "pages", points: limits.historyPagesPer10s, duration: 10 });
  const pagesPerAddress = factory({ keyPrefix: "pages-addr", points: limits.historyPagesPerMinutePerAddress, duration: 60 });
  const floods = factory({ keyPrefix: "flood", points: limits.floodDisconnectAfter, duration: 10 });
  const rooms = factory({ keyPrefix: "rooms", points: limits.roomsPerHour, duration: 3600 });
  const joins = factory({ keyPrefix: "joins", points: limits.joinsPerMinute, duration: 60 });
  const badCodes = factory({ keyPrefix: "bad-codes", points: limits.badCodesPer10Min, duration: 600 });
  const passphrasesPerAddress = factory({ keyPrefix: "pass-addr", points: limits.passphraseMissesPer10Min, duration: 600 });
  const passphrasesPerRoom = factory({ keyPrefix: "pass-room", points: limits.passphraseMissesPerRoomPer10Min, duration: 600 });
  const ownerActions = factory({ keyPrefix: "owner", points: limits.ownerActionsPerMinute, duration: 60 });

  const tooFast = "You are sending messages too fast. Wait a moment.";
  const tooManyChanges = "You are changing messages too fast. Wait a moment.";
  const tooMuch = "Too much text from your network in the last minute. Wait a moment.";
  const tooManyPages = "Too many history requests. Wait a moment.";
  return {
    // The member's budget first: a member over its own limit does not spend the address's.
    message: (roomCode, memberId, address, textBytes) =>
      consume(messages, `${roomCode}:${memberId}`, tooFast).then(() => consume(addressKb, address, tooMuch, Math.max(1, Math.ceil(textBytes / KB)))),
    change: (roomCode, memberId, address, textBytes) =>
      consume(changes, `${roomCode}:${memberId}`, tooManyChanges).then(() => consume(addressKb, address, tooMuch, Math.max(1, Math.ceil(textBytes / KB)))),
    async historyPage(connectionId, address) {
      if (connectionId !== null) await consume(pagesPerConnection, connectionId, tooManyPages);
      await consume(pagesPerAddress, address, tooManyPages);
    },
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
    codeLookup: (ip) => consume(badCodes, ip, "Too many wrong room codes from your network. Try again later."),
    async codeFound(ip) {
      // Best effort: a refund that fails leaves the address one miss poorer, which is the safe side.
      await badCodes.reward(ip, 1).catch(() => undefined);
    },
    async passphraseAttempt(ip, roomCode) {
      const tooMany = "Too many wrong passphrases. Try again later.";
      await consume(passphrasesPerAddress, ip, tooMany);
      // The room's budget guards it against guesses spread over many addresses.
      await consume(passphrasesPerRoom, roomCode, tooMany).catch(async (error: unknown) => {
        await passphrasesPerAddress.reward(ip, 1).catch(() => undefined);
        throw error;
      });
    },
    async passphraseRight(ip, roomCode) {
      await Promise.all([passphrasesPerAddress.reward(ip, 1), passphrasesPerRoom.reward(roomCode, 1)]).catch(() => undefined);
    },
    ownerAction: (roomCode) => consume(ownerActions, roomCode, "You are changing the room too fast. Wait a moment."),
  };
}
