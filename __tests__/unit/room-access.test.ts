/**
 * Who may read a room over HTTP (issue 19), against a real SQLite store and in-memory rate limits:
 * members by their token, others by the passphrase, nobody new while the room is locked; passphrase
 * misses are counted per address and per room, right answers cost nothing, and a right passphrase is
 * checked with scrypt once, not for every page read.
 */
import { createRateLimits } from "@/lib/limits/rate-limits";
import { memberIdFromToken } from "@/lib/identity";
import { createRoomAccess, type RoomAccess } from "@/lib/rooms/room-access";
import { hashPassphrase } from "@/lib/rooms/room-secrets";
import { openSqliteStore } from "@/lib/store/sqlite";
import type { ChatStore } from "@/lib/store/types";
import { TIGHT_LIMITS } from "../fixtures";
import { tempDir } from "../../tooling/temp-dir";

const ROOM = "ROOMAAAAA";
const OTHER = "ROOMBBBBB";

/** The refusal's code, or "ok". */
const outcome = (attempt: Promise<void>) =>
  attempt.then(
    () => "ok",
    (error: { code?: string }) => error.code ?? String(error),
  );

describe("room access: the passphrase", () => {
  const tmp = tempDir("room-access");
  let store: ChatStore;
  let access: RoomAccess;

  beforeEach(async () => {
    store = await openSqliteStore(`${tmp.dir}/${crypto.randomUUID()}.db`, { roomQuotaBytes: 1 << 20 });
    const passphraseHash = await hashPassphrase("right");
    await store.createRoom(ROOM, new Date(), { ownerKeyHash: "a".repeat(64), lifetimeHours: 24, passphraseHash });
    await store.createRoom(OTHER, new Date(), { ownerKeyHash: "b".repeat(64), lifetimeHours: 24, passphraseHash });
    // 3 misses per address, 5 per room (TIGHT_LIMITS).
    access = createRoomAccess(store, createRateLimits(TIGHT_LIMITS));
  });
  afterEach(() => store.close());
  afterAll(() => tmp.remove());

  it("refuses passphrase_required without one and wrong_passphrase for a wrong one, and counts only misses per address", async () => {
    expect(await outcome(access.unlock("10.0.0.1", ROOM, { passphrase: undefined }))).toBe("passphrase_required");
    expect(await outcome(access.unlock("10.0.0.1", ROOM, { passphrase: "" }))).toBe("passphrase_required");
    // Right answers spend nothing: more of them than the budget all pass.
    for (let i = 0; i < 5; i += 1) expect(await outcome(access.unlock("10.0.0.1", ROOM, { passphrase: "right" }))).toBe("ok");
    const misses = [];
    for (let i = 0; i < 4; i += 1) misses.push(await outcome(access.unlock("10.0.0.1", ROOM, { passphrase: `wrong ${i}` })));
    expect(misses).toEqual(["wrong_passphrase", "wrong_passphrase", "wrong_passphrase", "rate_limited"]);
    // The address is held off in every room; another address is not.
    expect(await outcome(access.unlock("10.0.0.1", OTHER, { passphrase: "wrong" }))).toBe("rate_limited");
    expect(await outcome(access.unlock("10.0.0.2", ROOM, { passphrase: "wrong" }))).toBe("wrong_passphrase");
  });

  it("holds a room off after misses spread over many addresses", async () => {
    const results = [];
    for (let i = 0; i < 6; i += 1) results.push(await outcome(access.unlock(`10.0.1.${i}`, ROOM, { passphrase: "wrong" })));
    expect(results).toEqual(["wrong_passphrase", "wrong_passphrase", "wrong_passphrase", "wrong_passphrase", "wrong_passphrase", "rate_limited"]);
    // A fresh address is refused in that room, and not in another.
    expect(await outcome(access.unlock("10.0.2.1", ROOM, { passphrase: "wrong" }))).toBe("rate_limited");
    expect(await outcome(access.unlock("10.0.2.1", OTHER, { passphrase: "wrong" }))).toBe("wrong_passphrase");
  });

  it("counts concurrent guesses atomically", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => outcome(access.unlock("10.0.3.1", ROOM, { passphrase: `guess ${i}` }))));
    expect(results.filter((result) => result === "wrong_passphrase")).toHaveLength(3);
    expect(results.filter((result) => result === "rate_limited")).toHaveLength(7);
  });

  it("lets the room's members read without the passphrase, even locked, and refuses a kicked one", async () => {
    const ana = "token-ana-0123456789";
    const bob = "token-bob-0123456789";
    await store.reserveName(ROOM, { nameKey: "ana", memberId: memberIdFromToken(ana), name: "Ana", at: new Date() }, 10);
    await store.reserveName(ROOM, { nameKey: "bob", memberId: memberIdFromToken(bob), name: "Bob", at: new Date() }, 10);
    expect(await outcome(access.unlock("10.0.5.1", ROOM, { memberToken: ana }))).toBe("ok");
    expect(await outcome(access.unlock("10.0.5.1", ROOM, { memberToken: "token-stranger-0123" }))).toBe("passphrase_required");
    await store.updateRoomControl(ROOM, { locked: true });
    expect(await outcome(access.unlock("10.0.5.1", ROOM, { memberToken: ana }))).toBe("ok");
    // Locked: not even the passphrase lets a stranger read.
    expect(await outcome(access.unlock("10.0.5.1", ROOM, { passphrase: "right" }))).toBe("room_locked");
    await store.kickMember(ROOM, { memberId: memberIdFromToken(bob), name: "Bob", kickedAt: new Date().toISOString() });
    expect(await outcome(access.unlock("10.0.5.1", ROOM, { memberToken: bob }))).toBe("kicked");
    expect(await outcome(access.unlock("10.0.5.1", ROOM, { memberToken: bob, passphrase: "right" }))).toBe("kicked");
    // Open again and without a passphrase: the code alone reads it, as before rooms had owners.
    await store.updateRoomControl(ROOM, { locked: false, passphraseHash: null });
    expect(await outcome(access.unlock("10.0.5.1", ROOM, {}))).toBe("ok");
  });

  it("forgets a remembered passphrase when the owner changes it", async () => {
    expect(await outcome(access.unlock("10.0.4.1", ROOM, { passphrase: "right" }))).toBe("ok");
    await store.updateRoomControl(ROOM, { passphraseHash: await hashPassphrase("new one") });
    expect(await outcome(access.unlock("10.0.4.1", ROOM, { passphrase: "right" }))).toBe("wrong_passphrase");
    expect(await outcome(access.unlock("10.0.4.1", ROOM, { passphrase: "new one" }))).toBe("ok");
    await store.updateRoomControl(ROOM, { passphraseHash: null });
    expect(await outcome(access.unlock("10.0.4.1", ROOM, { passphrase: undefined }))).toBe("ok");
    expect(await outcome(access.unlock("10.0.4.1", "NOSUCHROO", { passphrase: undefined }))).toBe("room_not_found");
  });
});
