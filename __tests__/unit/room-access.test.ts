/**
 * The passphrase's throttling (issue 19) against a real SQLite store and in-memory rate limits:
 * misses are counted per address and per room, right answers cost nothing, and a right passphrase
 * is checked with scrypt once, not for every page read.
 */
import { createRateLimits } from "@/lib/limits/rate-limits";
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
    expect(await outcome(access.unlock("10.0.0.1", ROOM, undefined))).toBe("passphrase_required");
    expect(await outcome(access.unlock("10.0.0.1", ROOM, ""))).toBe("passphrase_required");
    // Right answers spend nothing: more of them than the budget all pass.
    for (let i = 0; i < 5; i += 1) expect(await outcome(access.unlock("10.0.0.1", ROOM, "right"))).toBe("ok");
    const misses = [];
    for (let i = 0; i < 4; i += 1) misses.push(await outcome(access.unlock("10.0.0.1", ROOM, `wrong ${i}`)));
    expect(misses).toEqual(["wrong_passphrase", "wrong_passphrase", "wrong_passphrase", "rate_limited"]);
    // The address is held off in every room; another address is not.
    expect(await outcome(access.unlock("10.0.0.1", OTHER, "wrong"))).toBe("rate_limited");
    expect(await outcome(access.unlock("10.0.0.2", ROOM, "wrong"))).toBe("wrong_passphrase");
  });

  it("holds a room off after misses spread over many addresses", async () => {
    const results = [];
    for (let i = 0; i < 6; i += 1) results.push(await outcome(access.unlock(`10.0.1.${i}`, ROOM, "wrong")));
    expect(results).toEqual(["wrong_passphrase", "wrong_passphrase", "wrong_passphrase", "wrong_passphrase", "wrong_passphrase", "rate_limited"]);
    // A fresh address is refused in that room, and not in another.
    expect(await outcome(access.unlock("10.0.2.1", ROOM, "wrong"))).toBe("rate_limited");
    expect(await outcome(access.unlock("10.0.2.1", OTHER, "wrong"))).toBe("wrong_passphrase");
  });

  it("counts concurrent guesses atomically", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => outcome(access.unlock("10.0.3.1", ROOM, `guess ${i}`))));
    expect(results.filter((result) => result === "wrong_passphrase")).toHaveLength(3);
    expect(results.filter((result) => result === "rate_limited")).toHaveLength(7);
  });

  it("forgets a remembered passphrase when the owner changes it", async () => {
    expect(await outcome(access.unlock("10.0.4.1", ROOM, "right"))).toBe("ok");
    await store.updateRoomControl(ROOM, { passphraseHash: await hashPassphrase("new one") });
    expect(await outcome(access.unlock("10.0.4.1", ROOM, "right"))).toBe("wrong_passphrase");
    expect(await outcome(access.unlock("10.0.4.1", ROOM, "new one"))).toBe("ok");
    await store.updateRoomControl(ROOM, { passphraseHash: null });
    expect(await outcome(access.unlock("10.0.4.1", ROOM, undefined))).toBe("ok");
    expect(await outcome(access.unlock("10.0.4.1", "NOSUCHROO", undefined))).toBe("room_not_found");
  });
});
