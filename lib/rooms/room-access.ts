/**
 * Who may come into a room and read it (issue 19): the owner's decisions applied to a join (kicked,
 * locked, passphrase) and to HTTP reads of the history and transcript (passphrase). The owner, known
 * by the owner key its browser brings or by its member identity, passes every check but the kick
 * (an owner cannot be kicked). docs/security.md#room-owners explains the choices.
 */
import { createHash } from "node:crypto";
import type { RateLimits } from "../limits/rate-limits";
import type { ChatStore, RoomControl } from "../store/types";
import { DomainError } from "../errors";
import { ownerKeyMatches, passphraseMatches } from "./room-secrets";

export interface JoinRequest {
  code: string;
  memberId: string;
  /** The client's address, charged with wrong passphrases. */
  address: string;
  /** The member reserved its name in the room before: it comes back, and a lock or a passphrase does not keep it out. */
  returning: boolean;
  ownerKey?: string | undefined;
  passphrase?: string | undefined;
}

export interface RoomAccess {
  /**
   * Admits a member to the room or refuses it (room_not_found, kicked, room_locked,
   * passphrase_required, wrong_passphrase, rate_limited). Whoever brings the owner key becomes the
   * owner, if it was not (`claimed`: the room is told).
   */
  admit(request: JoinRequest): Promise<{ owner: boolean; claimed: boolean }>;
  /** Whether the member was kicked from the room (checked again once a join is admitted, for a kick that crossed it). */
  isKicked(code: string, memberId: string): Promise<boolean>;
  /** An HTTP read of the room's messages: refused passphrase_required or wrong_passphrase if it has one and it is not given. */
  unlock(address: string, code: string, passphrase: string | undefined): Promise<void>;
}

/** Right passphrases remembered, so that paging through a room's history costs one scrypt, not one per page. */
const VERIFIED_MAX = 1_000;

export function createRoomAccess(store: ChatStore, limits: RateLimits): RoomAccess {
  // Key: the room, its passphrase's stored hash (a new passphrase forgets the old) and a digest of the
  // one given; never the passphrase itself. A Set iterates oldest first: the first key is evicted.
  const verified = new Set<string>();

  async function checkPassphrase(address: string, code: string, stored: string, given: string | undefined): Promise<void> {
    if (given === undefined || given === "") throw new DomainError("passphrase_required", "This room needs its passphrase.");
    const key = `${code}\0${stored}\0${createHash("sha256").update(given).digest("base64url")}`;
    if (verified.has(key)) return;
    // Charged before the slow hash, atomically, and given back when right: only misses count.
    await limits.passphraseAttempt(address, code);
    if (!(await passphraseMatches(stored, given))) throw new DomainError("wrong_passphrase", "That is not the room's passphrase.");
    await limits.passphraseRight(address, code);
    if (verified.size >= VERIFIED_MAX) verified.delete(verified.values().next().value as string);
    verified.add(key);
  }

  async function control(code: string): Promise<RoomControl> {
    const found = await store.roomControl(code);
    if (found === null) throw new DomainError("room_not_found", "There is no room with that code.");
    return found;
  }

  return {
    async admit({ code, memberId, address, returning, ownerKey, passphrase }) {
      const [room, kicked] = await Promise.all([control(code), store.isKicked(code, memberId)]);
      if (kicked) throw new DomainError("kicked", "The room's owner removed you from this room.");
      if (ownerKeyMatches(room.ownerKeyHash, ownerKey)) {
        if (room.ownerMemberId === memberId) return { owner: true, claimed: false };
        await store.updateRoomControl(code, { ownerMemberId: memberId });
        return { owner: true, claimed: true };
      }
      if (room.ownerMemberId === memberId) return { owner: true, claimed: false };
      if (returning) return { owner: false, claimed: false };
      if (room.locked) throw new DomainError("room_locked", "The room's owner locked this room: nobody new may join.");
      if (room.passphraseHash !== null) await checkPassphrase(address, code, room.passphraseHash, passphrase);
      return { owner: false, claimed: false };
    },

    isKicked: (code, memberId) => store.isKicked(code, memberId),

    async unlock(address, code, passphrase) {
      const room = await control(code);
      if (room.passphraseHash !== null) await checkPassphrase(address, code, room.passphraseHash, passphrase);
    },
  };
}
