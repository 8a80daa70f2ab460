/**
 * Counts every rate-limit refusal in the metrics without the limits themselves knowing about metrics:
 * whichever limiter backend is in use (memory or Redis), refusals are counted the same way here.
 */
import type { LimitName, Metrics } from "../metrics";
import { isDomainError } from "../errors";
import type { RateLimits } from "./rate-limits";

export function countRefusals(limits: RateLimits, metrics: Pick<Metrics, "rateLimited">): RateLimits {
  /** Passes the refusal on unchanged after counting it under `limit`. */
  const counted = (limit: LimitName) => (error: unknown) => {
    if (isDomainError(error) && error.code === "rate_limited") metrics.rateLimited(limit);
    throw error;
  };
  const onMessage = counted("messages");
  const onChange = counted("changes");
  const onPage = counted("history");
  const onRoom = counted("rooms");
  const onJoin = counted("joins");
  const onBadCode = counted("bad_codes");
  const onPassphrase = counted("passphrases");
  const onOwner = counted("owner_actions");

  return {
    message: (roomCode, memberId, address, textBytes) => limits.message(roomCode, memberId, address, textBytes).catch(onMessage),
    change: (roomCode, memberId, address, textBytes) => limits.change(roomCode, memberId, address, textBytes).catch(onChange),
    historyPage: (connectionId, address) => limits.historyPage(connectionId, address).catch(onPage),
    async floodStrike(connectionId) {
      const disconnect = await limits.floodStrike(connectionId);
      if (disconnect) metrics.rateLimited("flood_disconnect");
      return disconnect;
    },
    roomCreation: (ip) => limits.roomCreation(ip).catch(onRoom),
    join: (ip) => limits.join(ip).catch(onJoin),
    codeLookup: (ip) => limits.codeLookup(ip).catch(onBadCode),
    codeFound: (ip) => limits.codeFound(ip),
    passphraseAttempt: (ip, roomCode) => limits.passphraseAttempt(ip, roomCode).catch(onPassphrase),
    passphraseRight: (ip, roomCode) => limits.passphraseRight(ip, roomCode),
    ownerAction: (roomCode) => limits.ownerAction(roomCode).catch(onOwner),
  };
}
