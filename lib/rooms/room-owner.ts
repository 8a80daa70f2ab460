/**
 * What a room's owner may do (issue 19), and the room's state everyone sees. Each action reads the
 * room's control afresh, so ownership handed over (on any instance) takes effect at once; each is
 * refused forbidden to anyone but the owner. Knows nothing of Socket.IO: lib/realtime/owner-handlers.ts
 * tells the room and disconnects whom an action concerns.
 */
import type { RoomAction, RoomState } from "../protocol";
import type { RoomLifetimeHours } from "../protocol-rules";
import type { ChatStore, RoomControl } from "../store/types";
import { DomainError } from "../errors";
import { hashOwnerKey, hashPassphrase, newOwnerKey } from "./room-secrets";
import { nameKey } from "./name-key";
import type { Author } from "./room-service";

export interface RoomOwnerDeps {
  store: ChatStore;
  /** The longest a room may live after its last message (ROOM_RETENTION_HOURS). */
  maxLifetimeHours: number;
  /** Whether a member of the room is connected now (the presence registry). */
  isPresent(code: string, name: string): Promise<boolean>;
  now?: () => Date;
}

/** An action done: the room's new state and the notice; `removed` names the member identity a kick removed. */
export interface ActionResult {
  room: RoomState;
  action: RoomAction;
  removed?: string;
}

export interface RoomOwner {
  /** The room's state as everyone sees it; refused room_not_found. */
  state(code: string): Promise<RoomState>;
  kick(owner: Author, name: string): Promise<ActionResult>;
  unkick(owner: Author, name: string): Promise<ActionResult>;
  lock(owner: Author, locked: boolean): Promise<ActionResult>;
  setPassphrase(owner: Author, passphrase: string | null): Promise<ActionResult>;
  /** Hands ownership to a member present now; the owner key stops working (the new owner may ask for one). */
  transfer(owner: Author, name: string): Promise<ActionResult>;
  setLifetime(owner: Author, lifetimeHours: RoomLifetimeHours): Promise<ActionResult>;
  /** A new owner key for the owner's browser; the old one stops working. */
  reissueKey(owner: Author): Promise<string>;
  /** Deletes the room and everything in it at once (its code is retired). */
  end(owner: Author): Promise<void>;
}

const gone = () => new DomainError("room_not_found", "This room no longer exists.");
const forbidden = () => new DomainError("forbidden", "Only the room's owner can do that.");
const noSuchMember = () => new DomainError("member_not_found", "Nobody in this room has that name.");

export function createRoomOwner({ store, maxLifetimeHours, isPresent, now = () => new Date() }: RoomOwnerDeps): RoomOwner {
  async function control(code: string): Promise<RoomControl> {
    const found = await store.roomControl(code);
    if (found === null) throw gone();
    return found;
  }

  async function asOwner(owner: Author): Promise<RoomControl> {
    const room = await control(owner.roomCode);
    if (room.ownerMemberId !== owner.memberId) throw forbidden();
    return room;
  }

  async function state(code: string): Promise<RoomState> {
    const [room, kicks] = await Promise.all([control(code), store.kickedMembers(code)]);
    const livesMs = Math.min(room.lifetimeHours, maxLifetimeHours) * 3_600_000;
    return {
      owner: room.ownerName,
      locked: room.locked,
      hasPassphrase: room.passphraseHash !== null,
      lifetimeHours: room.lifetimeHours,
      expiresAt: new Date(Date.parse(room.lastActiveAt) + livesMs).toISOString(),
      kicked: kicks.map((kick) => kick.name),
    };
  }

  /** The member who holds `name` in the room (compared like every name), other than the owner. */
  async function other(owner: Author, name: string): Promise<{ memberId: string; name: string }> {
    const holder = await store.findName(owner.roomCode, nameKey(name));
    if (holder === null) throw noSuchMember();
    if (holder.memberId === owner.memberId) throw new DomainError("invalid_payload", "That is you: hand the room over or end it instead.");
    return holder;
  }

  async function done(owner: Author, action: RoomAction, removed?: string): Promise<ActionResult> {
    return { room: await state(owner.roomCode), action, ...(removed === undefined ? {} : { removed }) };
  }

  /** Changes the room only while `owner` still owns it (a compare-and-set: see ChatStore.updateRoomControl). */
  async function update(owner: Author, patch: Parameters<ChatStore["updateRoomControl"]>[1]): Promise<void> {
    if (await store.updateRoomControl(owner.roomCode, patch, owner.memberId)) return;
    await asOwner(owner); // Gone, or no longer the owner: says which.
    throw forbidden();
  }

  return {
    state,

    async kick(owner, name) {
      await asOwner(owner);
      const target = await other(owner, name);
      if (!(await store.kickMember(owner.roomCode, { memberId: target.memberId, name: target.name, kickedAt: now().toISOString() }))) throw gone();
      return done(owner, { kind: "kicked", by: owner.name, name: target.name }, target.memberId);
    },

    async unkick(owner, name) {
      await asOwner(owner);
      // By the name the member had when kicked, as the list shows it; an exact match, then a look-alike one.
      const kicks = await store.kickedMembers(owner.roomCode);
      const kick = kicks.find((k) => k.name === name) ?? kicks.find((k) => nameKey(k.name) === nameKey(name));
      if (kick === undefined || (await store.unkickMember(owner.roomCode, kick.name)) === null) throw noSuchMember();
      return done(owner, { kind: "unkicked", by: owner.name, name: kick.name });
    },

    async lock(owner, locked) {
      await asOwner(owner);
      await update(owner, { locked });
      return done(owner, { kind: locked ? "locked" : "unlocked", by: owner.name });
    },

    async setPassphrase(owner, passphrase) {
      await asOwner(owner);
      await update(owner, { passphraseHash: passphrase === null ? null : await hashPassphrase(passphrase) });
      return done(owner, { kind: passphrase === null ? "passphrase_cleared" : "passphrase_set", by: owner.name });
    },

    async transfer(owner, name) {
      await asOwner(owner);
      const target = await other(owner, name);
      if (!(await isPresent(owner.roomCode, target.name))) throw new DomainError("member_not_found", "Ownership goes only to someone in the room now.");
      // The key goes with the old owner's browser: it must not take the room back.
      await update(owner, { ownerMemberId: target.memberId, ownerKeyHash: null });
      return done(owner, { kind: "transferred", by: owner.name, name: target.name });
    },

    async setLifetime(owner, lifetimeHours) {
      await asOwner(owner);
      if (lifetimeHours > maxLifetimeHours) throw new DomainError("invalid_payload", `This server keeps rooms at most ${maxLifetimeHours} hours after their last message.`);
      await update(owner, { lifetimeHours });
      return done(owner, { kind: "lifetime", by: owner.name, lifetimeHours });
    },

    async reissueKey(owner) {
      await asOwner(owner);
      const key = newOwnerKey();
      await update(owner, { ownerKeyHash: hashOwnerKey(key) });
      return key;
    },

    async end(owner) {
      await asOwner(owner);
      if (!(await store.deleteRoom(owner.roomCode, now()))) throw gone();
    },
  };
}
