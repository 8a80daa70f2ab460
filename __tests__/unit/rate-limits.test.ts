import { createRateLimits } from "@/lib/limits/rate-limits";
import { TIGHT_LIMITS } from "../fixtures";

const limits = TIGHT_LIMITS;

describe("rate limits", () => {
  it("allows the steady rate plus the burst per member, then refuses with a retry-after", async () => {
    const rl = createRateLimits({ ...limits, addressKbPerMinute: 1000 });
    for (let i = 0; i < 5; i += 1) await rl.message("ROOM", "ana", "1.1.1.1", 10);
    await expect(rl.message("ROOM", "ana", "1.1.1.1", 10)).rejects.toMatchObject({ code: "rate_limited", retryAfterMs: expect.any(Number) });
    // Another member, or the same member in another room, has its own allowance.
    await expect(rl.message("ROOM", "bob", "1.1.1.1", 10)).resolves.toBeUndefined();
    await expect(rl.message("OTHER", "ana", "1.1.1.1", 10)).resolves.toBeUndefined();
  });

  it("gives an address one budget of text per minute, whatever member tokens it uses", async () => {
    const rl = createRateLimits({ ...limits, messagesPer10s: 100, messageBurstPerMinute: 100, addressKbPerMinute: 4 });
    // Each message costs its kilobytes, at least one: 1 + 2 (1.5 KB) + 1 = 4.
    await rl.message("ROOM", "token-1", "1.1.1.1", 10);
    await rl.message("ROOM", "token-2", "1.1.1.1", 1536);
    await rl.message("OTHER", "token-3", "1.1.1.1", 1);
    await expect(rl.message("ROOM", "token-4", "1.1.1.1", 1)).rejects.toMatchObject({ code: "rate_limited", message: expect.stringMatching(/your network/) });
    await expect(rl.message("ROOM", "token-4", "2.2.2.2", 1)).resolves.toBeUndefined();
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

  it("blocks lookups from an address only after enough unknown codes: found codes are given back", async () => {
    const rl = createRateLimits(limits);
    for (let i = 0; i < 10; i += 1) {
      await rl.codeLookup("1.1.1.1");
      await rl.codeFound("1.1.1.1");
    }
    for (let i = 0; i < 3; i += 1) await expect(rl.codeLookup("1.1.1.1")).resolves.toBeUndefined();
    await expect(rl.codeLookup("1.1.1.1")).rejects.toMatchObject({ code: "rate_limited", retryAfterMs: expect.any(Number) });
    await expect(rl.codeLookup("2.2.2.2")).resolves.toBeUndefined();
  });

  it("charges lookups before they run, so concurrent guesses cannot pass the limit together", async () => {
    const rl = createRateLimits(limits);
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, () => rl.codeLookup("1.1.1.1")));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(limits.badCodesPer10Min);
  });

  it("limits history pages per connection and per address", async () => {
    const rl = createRateLimits(limits);
    // 3 per connection per 10 s, 4 per address per minute.
    for (let i = 0; i < 3; i += 1) await rl.historyPage("socket-1", "1.1.1.1");
    await expect(rl.historyPage("socket-1", "1.1.1.1")).rejects.toMatchObject({ code: "rate_limited", retryAfterMs: expect.any(Number) });
    // The connection refused that one before the address was charged: one page of the address's 4 is left.
    await rl.historyPage(null, "1.1.1.1");
    await expect(rl.historyPage("socket-2", "1.1.1.1")).rejects.toMatchObject({ code: "rate_limited" });
    await expect(rl.historyPage(null, "2.2.2.2")).resolves.toBeUndefined();
  });
});
