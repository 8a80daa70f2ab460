import { createRateLimits } from "@/lib/limits/rate-limits";
import { TIGHT_LIMITS } from "../fixtures";

const limits = TIGHT_LIMITS;

describe("rate limits", () => {
  it("allows the steady rate plus the burst per member, then refuses with a retry-after", async () => {
    const rl = createRateLimits(limits);
    for (let i = 0; i < 5; i += 1) await rl.message("ROOM", "ana");
    await expect(rl.message("ROOM", "ana")).rejects.toMatchObject({ code: "rate_limited", retryAfterMs: expect.any(Number) });
    // Another member, or the same member in another room, has its own allowance.
    await expect(rl.message("ROOM", "bob")).resolves.toBeUndefined();
    await expect(rl.message("OTHER", "ana")).resolves.toBeUndefined();
  });

  it("earns a disconnect after repeated refusals", async () => {
    const rl = createRateLimits(limits);
    expect(await rl.floodStrike("socket-1")).toBe(false);
    expect(await rl.floodStrike("socket-1")).toBe(false);
    expect(await rl.floodStrike("socket-1")).toBe(true);
    expect(await rl.floodStrike("socket-2")).toBe(false);
  });

  it("limits room creation and handshakes per address", async () => {
    const rl = createRateLimits(limits);
    await rl.roomCreation("1.1.1.1");
    await rl.roomCreation("1.1.1.1");
    await expect(rl.roomCreation("1.1.1.1")).rejects.toMatchObject({ code: "rate_limited" });
    await expect(rl.roomCreation("2.2.2.2")).resolves.toBeUndefined();
    await rl.join("1.1.1.1");
    await rl.join("1.1.1.1");
    await expect(rl.join("1.1.1.1")).rejects.toMatchObject({ code: "rate_limited" });
  });

  it("blocks lookups from an address only after enough unknown codes", async () => {
    const rl = createRateLimits(limits);
    for (let i = 0; i < 3; i += 1) {
      await expect(rl.assertCodeLookupAllowed("1.1.1.1")).resolves.toBeUndefined();
      await rl.badCode("1.1.1.1");
    }
    await expect(rl.assertCodeLookupAllowed("1.1.1.1")).rejects.toMatchObject({ code: "rate_limited", retryAfterMs: expect.any(Number) });
    await expect(rl.assertCodeLookupAllowed("2.2.2.2")).resolves.toBeUndefined();
  });
});
