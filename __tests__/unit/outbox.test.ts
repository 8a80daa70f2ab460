import { retryDelay } from "@/lib/client/error-reactions";
import { nextToSend, updateEntry, withoutClientIds, type OutboxEntry } from "@/lib/client/outbox";
import { advanceSynced, buildTimeline } from "@/lib/client/timeline";
import { memoryOutboxStorage } from "../../tooling/memory-outbox-storage";
import { storedMessage } from "../fixtures";

const entry = (clientId: string, status: OutboxEntry["status"] = "pending"): OutboxEntry => ({
  clientId,
  text: `text ${clientId}`,
  createdAt: "2026-01-01T00:00:00.000Z",
  status,
});

const msg = (seq: number) => storedMessage(seq);

describe("outbox", () => {
  it("sends the oldest pending entry first and skips failed ones", () => {
    const entries = [entry("a", "failed"), entry("b"), entry("c")];
    expect(nextToSend(entries)?.clientId).toBe("b");
    expect(nextToSend(withoutClientIds(entries, new Set(["b"])))?.clientId).toBe("c");
    expect(nextToSend([entry("a", "failed")])).toBeUndefined();
  });

  it("keeps the order of the rest when entries are settled or updated", () => {
    const entries = [entry("a"), entry("b"), entry("c")];
    expect(withoutClientIds(entries, new Set(["b"])).map((e) => e.clientId)).toEqual(["a", "c"]);
    expect(withoutClientIds(entries, new Set(["zzz"]))).toBe(entries);
    const failed = updateEntry(entries, "b", { status: "failed", error: { code: "invalid_payload", message: "no" } });
    expect(failed.map((e) => e.status)).toEqual(["pending", "failed", "pending"]);
    expect(nextToSend(updateEntry(failed, "a", { status: "failed" }))?.clientId).toBe("c");
  });

  it("keeps entries per room in storage", () => {
    const storage = memoryOutboxStorage();
    storage.save("R1", [entry("a"), entry("b")]);
    storage.save("R2", [entry("x")]);
    expect(storage.load("R1").map((e) => e.clientId)).toEqual(["a", "b"]);
    expect(storage.load("R2").map((e) => e.clientId)).toEqual(["x"]);
    expect(storage.load("R3")).toEqual([]);
  });

  it("shows unsent messages after every stored one, in the order they were typed", () => {
    const timeline = buildTimeline([msg(1), msg(2)], [], [entry("a"), entry("b", "failed")]);
    expect(timeline.map((e) => e.key)).toEqual(["m:id-1", "m:id-2", "o:a", "o:b"]);
  });
});

describe("advanceSynced (gap detection)", () => {
  it("advances over consecutive seqs only", () => {
    expect(advanceSynced([msg(1), msg(2), msg(3)], 0)).toBe(3);
    expect(advanceSynced([msg(1), msg(2), msg(4)], 0)).toBe(2);
    expect(advanceSynced([msg(1), msg(2), msg(4)], 2)).toBe(2);
    expect(advanceSynced([msg(1), msg(2), msg(3), msg(4)], 2)).toBe(4);
  });

  it("starts from the synced point even when older pages are loaded below it", () => {
    expect(advanceSynced([msg(5), msg(6), msg(10), msg(11)], 9)).toBe(11);
    expect(advanceSynced([msg(5), msg(6), msg(11)], 9)).toBe(9);
    expect(advanceSynced([msg(5), msg(6), msg(10), msg(11)], 6)).toBe(6);
    expect(advanceSynced([msg(10), msg(11), msg(12)], 11)).toBe(12);
    expect(advanceSynced([], 7)).toBe(7);
  });
});

describe("retrying a refused send", () => {
  it("waits as the server says, or backs off from 1 s, doubling up to 30 s, instead of retrying every second forever", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => retryDelay(n, undefined))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(retryDelay(6, 2_500)).toBe(2_500);
  });
});
