import { bearerAuthorized } from "@/lib/http/bearer";
import { checkReadiness, createLifecycle } from "@/lib/readiness";

const ok = () => Promise.resolve();
const running = createLifecycle();

describe("readiness", () => {
  it("is ok when every check answers", async () => {
    expect(await checkReadiness({ database: ok, redis: ok }, running)).toEqual({ status: "ok", checks: { database: "ok", redis: "ok" } });
  });

  it("names the check that failed, without its error", async () => {
    const failing = () => Promise.reject(new Error("connect ECONNREFUSED 10.1.2.3:6379 password=hunter2"));
    const readiness = await checkReadiness({ database: ok, redis: failing }, running);
    expect(readiness).toEqual({ status: "unavailable", checks: { database: "ok", redis: "failed" } });
    expect(JSON.stringify(readiness)).not.toMatch(/ECONNREFUSED|hunter2/);
  });

  it("counts a check that throws synchronously as failed", async () => {
    const throwing = (): Promise<void> => {
      throw new Error("boom");
    };
    expect((await checkReadiness({ database: throwing }, running)).checks).toEqual({ database: "failed" });
  });

  it("gives up on a hung check after the timeout, while the others still answer", async () => {
    const hung = () => new Promise<void>(() => undefined);
    const started = Date.now();
    const readiness = await checkReadiness({ database: ok, redis: hung }, running, 50);
    expect(readiness).toEqual({ status: "unavailable", checks: { database: "ok", redis: "timed_out" } });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("turns away new clients once shutdown has begun", async () => {
    const lifecycle = createLifecycle();
    lifecycle.stop();
    expect(lifecycle.stopping).toBe(true);
    expect(await checkReadiness({ database: ok }, lifecycle)).toEqual({ status: "stopping", checks: { database: "ok" } });
  });
});

describe("the /metrics bearer token", () => {
  const token = "a-long-enough-metrics-token";

  it("lets everyone in when no token is configured", () => {
    expect(bearerAuthorized(null, null)).toBe(true);
  });

  it("requires exactly the configured token", () => {
    expect(bearerAuthorized(`Bearer ${token}`, token)).toBe(true);
    expect(bearerAuthorized(`bearer ${token}`, token)).toBe(true);
    expect(bearerAuthorized(null, token)).toBe(false);
    expect(bearerAuthorized("Bearer wrong", token)).toBe(false);
    expect(bearerAuthorized(`Bearer ${token}x`, token)).toBe(false);
    expect(bearerAuthorized(`Basic ${token}`, token)).toBe(false);
  });
});
