/** The rate limits backed by Redis: one budget for every instance, and refusal when Redis is gone. */
import { randomUUID } from "node:crypto";
import { createRateLimits, redisLimiters, type RateLimits } from "@/lib/limits/rate-limits";
import { createLogger } from "@/lib/logger";
import { connectRedis, type RedisConnections } from "@/lib/redis/connect";
import { startRedis, type RedisServer } from "../../tooling/redis";
import { TIGHT_LIMITS } from "../fixtures";

const limits = TIGHT_LIMITS;

describe("rate limits in Redis", () => {
  let redis: RedisServer;
  const opened: RedisConnections[] = [];
  /** One instance's limits, as services.ts builds them. */
  const instance = async (prefix: string, server = redis): Promise<RateLimits> => {
    const connections = await connectRedis(server.url, createLogger("silent"));
    opened.push(connections);
    return createRateLimits(limits, redisLimiters(connections.state, prefix));
  };
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await Promise.all(opened.map((connections) => connections.close()));
    await redis.stop();
  });

  it("gives a member one budget over every instance: the steady rate plus the burst, once", async () => {
    const prefix = `budget-${randomUUID()}`;
    const [a, b] = [await instance(prefix), await instance(prefix)];
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).message("ROOM", "ana", `10.0.0.${i}`, 10)));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(5);
    expect(outcomes.find((outcome) => outcome.status === "rejected")).toMatchObject({ reason: { code: "rate_limited", retryAfterMs: expect.any(Number) } });
    await expect(a.message("ROOM", "bob", "1.2.3.4", 10)).resolves.toBeUndefined();
  });

  it("shares the per-address limits: joins, rooms, wrong codes and flood strikes", async () => {
    const prefix = `address-${randomUUID()}`;
    const [a, b] = [await instance(prefix), await instance(prefix)];
    await a.join("1.2.3.4");
    await b.join("1.2.3.4");
    await expect(a.join("1.2.3.4")).rejects.toMatchObject({ code: "rate_limited" });
    await a.roomCreation("1.2.3.4");
    await b.roomCreation("1.2.3.4");
    await expect(b.roomCreation("1.2.3.4")).rejects.toMatchObject({ code: "rate_limited" });
    for (let i = 0; i < 3; i += 1) await (i % 2 ? a : b).codeLookup("1.2.3.4");
    await expect(a.codeLookup("1.2.3.4")).rejects.toMatchObject({ code: "rate_limited" });
    // Pages of history: 4 per address per minute over both instances.
    for (let i = 0; i < 4; i += 1) await (i % 2 ? a : b).historyPage(null, "1.2.3.4");
    await expect(b.historyPage(null, "1.2.3.4")).rejects.toMatchObject({ code: "rate_limited" });
    // Text per address: 4 KB a minute over both instances, whatever the member.
    await a.message("ROOM", "m1", "5.6.7.8", 3000);
    await expect(b.message("ROOM", "m2", "5.6.7.8", 2000)).rejects.toMatchObject({ code: "rate_limited" });
    expect([await a.floodStrike("sock"), await b.floodStrike("sock"), await a.floodStrike("sock")]).toEqual([false, false, true]);
  });

  it("refuses with unavailable, at once, when Redis cannot be reached: a limit that cannot be checked is not waived", async () => {
    const doomed = await startRedis();
    const rl = await instance(`down-${randomUUID()}`, doomed);
    await doomed.stop({ hard: true });
    const started = Date.now();
    for (const attempt of [rl.message("ROOM", "ana", "1.2.3.4", 10), rl.join("1.2.3.4"), rl.roomCreation("1.2.3.4"), rl.codeLookup("1.2.3.4"), rl.historyPage("sock", "1.2.3.4")]) {
      await expect(attempt).rejects.toMatchObject({ name: "DomainError", code: "unavailable" });
    }
    expect(await rl.floodStrike("sock")).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
