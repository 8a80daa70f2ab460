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
import { memberIdFromToken } from "../identity";
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
   * passphrase_required, wrong_passphrase, rate_limited). Whoever brings the owner key passes as the
   * owner; if it is not the owner yet, `claim` is the key's hash, for claimOwnership once the join has
   * succeeded (a join refused later, say for its name, must not take the room from its owner).
   */
  admit(request: JoinRequest): Promise<{ owner: boolean; claim: string | null }>;
  /** Makes the member the owner if the key it brought is still the room's; false if it was voided meanwhile. */
  claimOwnership(code: string, memberId: string, ownerKeyHash: string): Promise<boolean>;
  /** Whether the member was kicked from the room (checked again once a join is admitted, for a kick that crossed it). */
  isKicked(code: string, memberId: string): Promise<boolean>;
  /**
   * An HTTP read of the room's messages (history, transcript). A member of the room (its member token,
   * not kicked) reads it as it joins it, whatever the lock and the passphrase. Anyone else is refused
   * room_locked while the room is locked, and passphrase_required or wrong_passphrase when it has a
   * passphrase not given; with neither, the code alone reads it, as before rooms had owners. A kicked
   * member's token is refused kicked.
   */
  unlock(address: string, code: string, credentials: { passphrase?: string | undefined; memberToken?: string | undefined }): Promise<void>;
}

const kicked = () => new DomainError("kicked", "The room's owner removed you from this room.");
const locked = () => new DomainError("room_locked", "The room's owner locked this room: only its members may come in or read it.");

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
      const [room, wasKicked] = await Promise.all([control(code), store.isKicked(code, memberId)]);
      if (wasKicked) throw kicked();
      if (room.ownerMemberId === memberId) return { owner: true, claim: null };
      if (room.ownerKeyHash !== null && ownerKeyMatches(room.ownerKeyHash, ownerKey)) return { owner: true, claim: room.ownerKeyHash };
      if (returning) return { owner: false, claim: null };
      if (room.locked) throw locked();
      if (room.passphraseHash !== null) await checkPassphrase(address, code, room.passphraseHash, passphrase);
      return { owner: false, claim: null };
    },

    claimOwnership: (code, memberId, ownerKeyHash) => store.claimOwnership(code, memberId, ownerKeyHash),

    isKicked: (code, memberId) => store.isKicked(code, memberId),

    async unlock(address, code, { passphrase, memberToken }) {
      const room = await control(code);
      if (!room.locked && room.passphraseHash === null) return;
      if (memberToken !== undefined && memberToken !== "") {
        const memberId = memberIdFromToken(memberToken);
        if (memberId === room.ownerMemberId || (await store.isMember(code, memberId))) return;
        if (await store.isKicked(code, memberId)) throw kicked();
      }
      if (room.locked) throw locked();
      if (room.passphraseHash !== null) await checkPassphrase(address, code, room.passphraseHash, passphrase);
    },
  };
}
