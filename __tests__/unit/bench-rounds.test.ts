import { mergeRounds, type TrafficSummary } from "../../bench/load/driver";
import { createHistogram, recordUs } from "../../bench/histogram";
import { parseOptions } from "../../bench/options";
import { addCpuWindows } from "../../bench/proc-stats";
import { roundOrder } from "../../bench/scenarios/context";

/** A round as the driver reports it: the counts so far, and the window's own figures. */
function round(upTo: { acked: number; received: number; latencyUs: number[] }, window: { ms: number; acked: number; received: number; cpu: number[] }): TrafficSummary {
  const latency = createHistogram();
  upTo.latencyUs.forEach((us) => recordUs(latency, us));
  return {
    sent: upTo.acked,
    acked: upTo.acked,
    ackErrors: {},
    expected: upTo.received,
    received: upTo.received,
    windowMs: window.ms,
    windowAcked: window.acked,
    windowReceived: window.received,
    latency,
    sameInstance: latency,
    crossInstance: createHistogram(),
    generatorCpu: window.cpu,
    generatorCpuS: (window.cpu.reduce((sum, share) => sum + share, 0) * window.ms) / 1000,
    stillConnected: 10,
    typing: { sent: 0, expected: 0, received: 0, echoed: 0 },
  };
}

describe("bench --rounds", () => {
  it("parses a round count, with a default for full and quick runs, and refuses one out of range", () => {
    expect((parseOptions(["--rounds", "4"]) as { rounds: number }).rounds).toBe(4);
    expect((parseOptions([]) as { rounds: number }).rounds).toBe(5);
    expect((parseOptions(["--quick"]) as { rounds: number }).rounds).toBe(2);
    expect(() => parseOptions(["--rounds", "0"])).toThrow(/--rounds must be a whole number from 1 to 20/);
    expect(() => parseOptions(["--rounds", "21"])).toThrow(/--rounds/);
    expect(() => parseOptions(["--rounds", "1.5"])).toThrow(/--rounds/);
  });

  it("lets the servers take turns in pairs, so that a steady drift weighs on both alike", () => {
    expect(roundOrder(1, false)).toEqual(["app", "reference"]);
    expect(roundOrder(4, false).join(" ")).toBe("app reference reference app app reference reference app");
    expect(roundOrder(3, true).join(" ")).toBe("reference app app reference reference app");
    // Every server gets as many rounds as asked, and on a linear drift the same sum of positions.
    const order = roundOrder(4, false);
    const positions = (kind: string) => order.flatMap((turn, i) => (turn === kind ? [i] : []));
    expect(positions("app")).toHaveLength(4);
    expect(positions("app").reduce((a, b) => a + b)).toBe(positions("reference").reduce((a, b) => a + b));
  });

  it("adds up the rounds' windows and keeps the last round's counts, which already cover every round", () => {
    const first = round({ acked: 100, received: 200, latencyUs: [1_000] }, { ms: 2_000, acked: 90, received: 180, cpu: [0.5, 0.3] });
    const second = round({ acked: 300, received: 600, latencyUs: [1_000, 3_000] }, { ms: 1_000, acked: 190, received: 380, cpu: [0.8, 0.6] });
    const merged = mergeRounds([first, second]);
    expect(merged).toMatchObject({ acked: 300, received: 600, windowMs: 3_000, windowAcked: 280, windowReceived: 560, stillConnected: 10 });
    expect(merged.latency.count).toBe(2);
    // Each worker's share of a core over the 3 s: (0.5 * 2 + 0.8 * 1) / 3 and (0.3 * 2 + 0.6 * 1) / 3.
    expect(merged.generatorCpu[0]).toBeCloseTo(0.6);
    expect(merged.generatorCpu[1]).toBeCloseTo(0.4);
    expect(merged.generatorCpuS).toBeCloseTo(first.generatorCpuS + second.generatorCpuS);
    expect(() => mergeRounds([])).toThrow(/no round/);
  });

  it("adds up the CPU windows of the rounds", () => {
    const total = addCpuWindows([
      { serverS: 1, backingS: 0.5, machineS: 3, selfS: 0.1 },
      { serverS: 2, backingS: 0, machineS: 4, selfS: 0.2 },
    ]);
    expect(total.serverS).toBeCloseTo(3);
    expect(total.backingS).toBeCloseTo(0.5);
    expect(total.machineS).toBeCloseTo(7);
    expect(total.selfS).toBeCloseTo(0.3);
  });
});
