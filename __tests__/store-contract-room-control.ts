/**
 * The ChatStore contract for rooms with an owner and a lifetime (issue 19): owner, lock, passphrase and
 * lifetime settings, kicks, the deletion of a whole room and the retirement of its code, the same for
 * every backend. A backend's test file calls runRoomControlContract with its store factory.
 */
import type { ChatStore, NewMessage } from "@/lib/store/types";

const ROOM = "ROOMCCCCC";
const OTHER = "ROOMDDDDD";
const CONTROL = { ownerKeyHash: "a".repeat(64), lifetimeHours: 24, passphraseHash: null };

export function runRoomControlContract(name: string, open: () => Promise<{ store: ChatStore; cleanup(): Promise<void> }>): void {
  describe(`ChatStore contract, room control: ${name}`, () => {
    let store: ChatStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    const message = (roomCode: string, text: string): NewMessage => ({ roomCode, authorId: "author-a", authorName: "Ana", clientId: crypto.randomUUID(), text, createdAt: new Date() });

    it("a new room keeps its owner key's hash, lifetime and passphrase; an unknown room has no control", async () => {
      const created = new Date("2026-12-01T10:00:00.000Z");
      expect(await store.createRoom(ROOM, created, { ...CONTROL, passphraseHash: "scrypt$x" })).not.toBeNull();
      expect(await store.roomControl(ROOM)).toEqual({
        ownerKeyHash: CONTROL.ownerKeyHash,
        ownerMemberId: null,
        ownerName: null,
        locked: false,
        passphraseHash: "scrypt$x",
        lifetimeHours: 24,
        lastActiveAt: created.toISOString(),
      });
      expect(await store.roomControl("NOSUCHROOM")).toBeNull();
    });

    it("a room made without control has no owner and the default lifetime of 7 days", async () => {
      await store.createRoom(ROOM, new Date());
      expect(await store.roomControl(ROOM)).toMatchObject({ ownerKeyHash: null, ownerMemberId: null, locked: false, passphraseHash: null, lifetimeHours: 168 });
    });

    it("updates only what a patch names, and says when the room does not exist", async () => {
      await store.createRoom(ROOM, new Date(), CONTROL);
      expect(await store.updateRoomControl(ROOM, { locked: true, ownerMemberId: "member-1" })).toBe(true);
      expect(await store.roomControl(ROOM)).toMatchObject({ locked: true, ownerMemberId: "member-1", lifetimeHours: 24, ownerKeyHash: CONTROL.ownerKeyHash });
      expect(await store.updateRoomControl(ROOM, { passphraseHash: "scrypt$y", lifetimeHours: 720 })).toBe(true);
      expect(await store.updateRoomControl(ROOM, { passphraseHash: null, locked: false })).toBe(true);
      expect(await store.roomControl(ROOM)).toMatchObject({ locked: false, passphraseHash: null, lifetimeHours: 720, ownerMemberId: "member-1" });
      expect(await store.updateRoomControl("NOSUCHROOM", { locked: true })).toBe(false);
      expect(await store.updateRoomControl("NOSUCHROOM", {})).toBe(false);
    });

    it("changes the room for an owner only while it still owns it, and lets a key claim the room only while it is the room's", async () => {
      await store.createRoom(ROOM, new Date(), CONTROL);
      expect(await store.claimOwnership(ROOM, "member-eve", "b".repeat(64))).toBe(false);
      expect(await store.claimOwnership(ROOM, "member-ana", CONTROL.ownerKeyHash)).toBe(true);
      expect(await store.updateRoomControl(ROOM, { locked: true }, "member-ana")).toBe(true);
      // A transfer voids the key; the old owner's next change, and a claim with the old key, change nothing.
      expect(await store.updateRoomControl(ROOM, { ownerMemberId: "member-bob", ownerKeyHash: null }, "member-ana")).toBe(true);
      expect(await store.updateRoomControl(ROOM, { locked: false, ownerKeyHash: "c".repeat(64) }, "member-ana")).toBe(false);
      expect(await store.claimOwnership(ROOM, "member-ana", CONTROL.ownerKeyHash)).toBe(false);
      expect(await store.roomControl(ROOM)).toMatchObject({ ownerMemberId: "member-bob", ownerKeyHash: null, locked: true });
    });

    it("tells a member of the room (a name reserved, not kicked) from anyone else", async () => {
      await store.createRoom(ROOM, new Date(), CONTROL);
      await store.createRoom(OTHER, new Date(), CONTROL);
      await store.reserveName(ROOM, { nameKey: "bob", memberId: "member-bob", name: "Bob", at: new Date() }, 10);
      expect(await store.isMember(ROOM, "member-bob")).toBe(true);
      expect(await store.isMember(OTHER, "member-bob")).toBe(false);
      expect(await store.isMember(ROOM, "member-eve")).toBe(false);
      await store.kickMember(ROOM, { memberId: "member-bob", name: "Bob", kickedAt: new Date().toISOString() });
      expect(await store.isMember(ROOM, "member-bob")).toBe(false);
    });

    it("names the owner by the first name its member reserved in the room", async () => {
      await store.createRoom(ROOM, new Date(), CONTROL);
      await store.createRoom(OTHER, new Date(), CONTROL);
      const at = new Date("2026-12-01T10:00:00.000Z");
      await store.reserveName(ROOM, { nameKey: "ana", memberId: "member-ana", name: "Ana", at }, 10);
      await store.reserveName(ROOM, { nameKey: "ana2", memberId: "member-ana", name: "Ana2", at: new Date(at.getTime() + 1000) }, 10);
      await store.reserveName(OTHER, { nameKey: "zed", memberId: "member-ana", name: "Zed", at: new Date(at.getTime() - 1000) }, 10);
      await store.reserveName(ROOM, { nameKey: "bob", memberId: "member-bob", name: "Bob", at }, 10);
      expect(await store.roomControl(ROOM)).toMatchObject({ ownerMemberId: null, ownerName: null });
      await store.updateRoomControl(ROOM, { ownerMemberId: "member-ana" });
      expect(await store.roomControl(ROOM)).toMatchObject({ ownerMemberId: "member-ana", ownerName: "Ana" });
      await store.updateRoomControl(ROOM, { ownerMemberId: "member-bob" });
      expect(await store.roomControl(ROOM)).toMatchObject({ ownerName: "Bob" });
    });

    it("a message moves the room's last activity, from which its lifetime counts", async () => {
      const created = new Date(Date.now() - 60_000);
      await store.createRoom(ROOM, created, CONTROL);
      const input = message(ROOM, "hello");
      await store.appendMessage(input);
      expect(await store.roomControl(ROOM)).toMatchObject({ lastActiveAt: input.createdAt.toISOString() });
    });

    it("kicks a member once, lists kicks, and lifts one by the name it had", async () => {
      await store.createRoom(ROOM, new Date(), CONTROL);
      await store.createRoom(OTHER, new Date(), CONTROL);
      const first = { memberId: "member-bob", name: "Bob", kickedAt: "2026-12-01T10:00:00.000Z" };
      expect(await store.kickMember(ROOM, first)).toBe(true);
      expect(await store.kickMember(ROOM, { ...first, name: "Robert", kickedAt: "2026-12-01T11:00:00.000Z" })).toBe(true);
      expect(await store.kickMember(ROOM, { memberId: "member-cy", name: "Cy", kickedAt: "2026-12-01T12:00:00.000Z" })).toBe(true);
      expect(await store.kickMember("NOSUCHROOM", first)).toBe(false);
      expect(await store.kickedMembers(ROOM)).toEqual([first, { memberId: "member-cy", name: "Cy", kickedAt: "2026-12-01T12:00:00.000Z" }]);
      expect(await store.isKicked(ROOM, "member-bob")).toBe(true);
      expect(await store.isKicked(OTHER, "member-bob")).toBe(false);

      expect(await store.unkickMember(ROOM, "Robert")).toBeNull();
      expect(await store.unkickMember(ROOM, "Bob")).toBe("member-bob");
      expect(await store.isKicked(ROOM, "member-bob")).toBe(false);
      expect(await store.unkickMember(ROOM, "Bob")).toBeNull();
      expect((await store.kickedMembers(ROOM)).map((kick) => kick.name)).toEqual(["Cy"]);
    });

    it("deleting a room removes its messages, names, kicks and presence records, and retires its code", async () => {
      const at = new Date("2026-12-05T08:00:00.000Z");
      await store.createRoom(ROOM, new Date(), CONTROL);
      await store.createRoom(OTHER, new Date(), CONTROL);
      for (let i = 0; i < 5; i += 1) await store.appendMessage(message(ROOM, `gone ${i}`));
      await store.appendMessage(message(OTHER, "stays"));
      await store.reserveName(ROOM, { nameKey: "ana", memberId: "author-a", name: "Ana", at: new Date() }, 100);
      await store.kickMember(ROOM, { memberId: "member-bob", name: "Bob", kickedAt: at.toISOString() });
      await store.recordPresence([{ roomCode: ROOM, nameKey: "ana", memberId: "author-a", name: "Ana" }], []);

      expect(await store.deleteRoom(ROOM, at)).toBe(true);
      expect(await store.getRoom(ROOM)).toBeNull();
      expect(await store.roomControl(ROOM)).toBeNull();
      expect((await store.listMessages(ROOM, { limit: 50 })).messages).toEqual([]);
      expect(await store.findName(ROOM, "ana")).toBeNull();
      expect(await store.kickedMembers(ROOM)).toEqual([]);
      expect((await store.presentMembers()).filter((member) => member.roomCode === ROOM)).toEqual([]);
      expect((await store.listMessages(OTHER, { limit: 50 })).messages.map((m) => m.text)).toEqual(["stays"]);
      expect(await store.deleteRoom(ROOM, at)).toBe(false);

      expect(await store.isCodeRetired(ROOM, new Date(at.getTime() - 1))).toBe(true);
      expect(await store.isCodeRetired(ROOM, new Date(at.getTime() + 1))).toBe(false);
      expect(await store.isCodeRetired(OTHER, new Date(0))).toBe(false);
      expect(await store.releaseRetiredCodes(at)).toBe(0);
      expect(await store.releaseRetiredCodes(new Date(at.getTime() + 1))).toBe(1);
      expect(await store.isCodeRetired(ROOM, new Date(0))).toBe(false);
    });

    it("a room expires its own lifetime after its last message, at most the server's longest, and its code is retired", async () => {
      const hour = 3_600_000;
      const start = new Date("2026-12-01T00:00:00.000Z");
      const at = (hours: number) => new Date(start.getTime() + hours * hour);
      await store.createRoom("HOURAAAAA", start, { ...CONTROL, lifetimeHours: 1 });
      await store.createRoom("DAYAAAAAA", start, { ...CONTROL, lifetimeHours: 24 });
      await store.createRoom("MONTHAAAA", start, { ...CONTROL, lifetimeHours: 720 });
      await store.createRoom("TALKAAAAA", start, { ...CONTROL, lifetimeHours: 1 });
      await store.appendMessage({ ...message("TALKAAAAA", "still talking"), createdAt: at(0.5) });

      expect(await store.deleteExpiredRooms(at(0.9), 720, 10)).toEqual([]);
      expect(await store.deleteExpiredRooms(at(1.1), 720, 10)).toEqual(["HOURAAAAA"]);
      expect(await store.deleteExpiredRooms(at(1.6), 720, 10)).toEqual(["TALKAAAAA"]);
      expect(await store.deleteExpiredRooms(at(23), 720, 10)).toEqual([]);
      expect(await store.deleteExpiredRooms(at(25), 720, 10)).toEqual(["DAYAAAAAA"]);
      // A server whose longest lifetime is 48 hours (ROOM_RETENTION_HOURS) caps the 30-day room.
      expect(await store.deleteExpiredRooms(at(47), 48, 10)).toEqual([]);
      expect(await store.deleteExpiredRooms(at(49), 48, 10)).toEqual(["MONTHAAAA"]);
      expect(await store.isCodeRetired("HOURAAAAA", start)).toBe(true);
      expect(await store.isCodeRetired("MONTHAAAA", at(48))).toBe(true);
    });

    it("sweeps at most `limit` rooms at a time", async () => {
      const start = new Date("2026-12-01T00:00:00.000Z");
      for (const code of ["SWEEPAAAA", "SWEEPBBBB", "SWEEPCCCC"]) await store.createRoom(code, start, { ...CONTROL, lifetimeHours: 1 });
      const later = new Date(start.getTime() + 2 * 3_600_000);
      expect(await store.deleteExpiredRooms(later, 720, 2)).toHaveLength(2);
      expect(await store.deleteExpiredRooms(later, 720, 2)).toHaveLength(1);
    });

    it("deletes a room of more messages than one slice", async () => {
      await store.createRoom(ROOM, new Date(), CONTROL);
      await Promise.all(Array.from({ length: 2_100 }, (_, i) => store.appendMessage(message(ROOM, `m${i}`))));
      expect(await store.deleteRoom(ROOM, new Date())).toBe(true);
      expect((await store.listMessages(ROOM, { limit: 10 })).messages).toEqual([]);
      expect(await store.storedBytes()).toBe(0);
    });
  });
}
