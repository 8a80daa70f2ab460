/**
 * Creating a room with an owner and a lifetime (issue 19), through the room service over a real SQLite
 * file: the owner key is handed out once and stored as a hash, a passphrase only as its scrypt hash, a
 * lifetime longer than the server keeps rooms is refused, and a retired code is never handed out.
 */
import path from "node:path";
import { createRoomService, type RoomService } from "@/lib/rooms/room-service";
import { hashOwnerKey, passphraseMatches } from "@/lib/rooms/room-secrets";
import { createStorageGuard } from "@/lib/rooms/storage";
import { openSqliteStore } from "@/lib/store/sqlite";
import type { ChatStore } from "@/lib/store/types";
import { tempDir } from "../../tooling/temp-dir";

describe("creating a room with an owner and a lifetime", () => {
  const tmp = tempDir("room-creation");
  let store: ChatStore;
  let codes: string[];
  let rooms: RoomService;

  beforeEach(async () => {
    store = await openSqliteStore(path.join(tmp.dir, `${crypto.randomUUID()}.db`), { roomQuotaBytes: 1 << 20 });
    codes = [];
    const newCode = () => codes.shift() ?? "FRESHCODE";
    rooms = createRoomService({ store, storage: createStorageGuard(store, { totalBytes: 1 << 30 }), membersPerRoom: 10, maxLifetimeHours: 720, newCode });
  });
  afterEach(() => store.close());
  afterAll(() => tmp.remove());

  it("hands out an owner key once and keeps only its hash; the lifetime is 7 days unless chosen", async () => {
    const room = await rooms.createRoom();
    expect(room.ownerKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(room.lifetimeHours).toBe(168);
    expect(await store.roomControl(room.code)).toMatchObject({ ownerKeyHash: hashOwnerKey(room.ownerKey), ownerMemberId: null, lifetimeHours: 168, passphraseHash: null, locked: false });
  });

  it("keeps a passphrase as its scrypt hash only", async () => {
    const room = await rooms.createRoom({ lifetimeHours: 1, passphrase: "open sesame" });
    const control = await store.roomControl(room.code);
    expect(control?.lifetimeHours).toBe(1);
    expect(control?.passphraseHash).not.toContain("sesame");
    expect(await passphraseMatches(control?.passphraseHash ?? "", "open sesame")).toBe(true);
    // An empty passphrase is none.
    codes.push("EMPTYPASS");
    expect(await store.roomControl((await rooms.createRoom({ passphrase: "" })).code)).toMatchObject({ passphraseHash: null });
  });

  it("refuses a lifetime it does not offer, or longer than the server keeps rooms", async () => {
    await expect(rooms.createRoom({ lifetimeHours: 5 as never })).rejects.toMatchObject({ code: "invalid_payload" });
    const shortLived = createRoomService({ store, storage: createStorageGuard(store, { totalBytes: 1 << 30 }), membersPerRoom: 10, maxLifetimeHours: 48 });
    await expect(shortLived.createRoom({ lifetimeHours: 168 })).rejects.toMatchObject({ code: "invalid_payload" });
    expect((await shortLived.createRoom({ lifetimeHours: 24 })).lifetimeHours).toBe(24);
  });

  it("gives a room no longer a default lifetime than the server keeps rooms", async () => {
    const make = (maxLifetimeHours: number) => createRoomService({ store, storage: createStorageGuard(store, { totalBytes: 1 << 30 }), membersPerRoom: 10, maxLifetimeHours });
    expect((await make(48).createRoom()).lifetimeHours).toBe(24);
    expect((await make(0.5).createRoom()).lifetimeHours).toBe(1);
  });

  it("never hands out the code of a room deleted within RETIRED_CODE_DAYS", async () => {
    codes.push("OLDROOMAA");
    const old = await rooms.createRoom();
    expect(old.code).toBe("OLDROOMAA");
    expect(await store.deleteRoom(old.code, new Date())).toBe(true);
    codes.push("OLDROOMAA", "NEWROOMAA");
    expect((await rooms.createRoom()).code).toBe("NEWROOMAA");
  });
});
