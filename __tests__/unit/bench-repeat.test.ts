import { parseOptions } from "../../bench/options";
import { atLeastTimesReference, below, equalTo, renderRepeatSummary, type ScenarioResult } from "../../bench/report";

function writesRun(repetition: number, app: number, reference: number): ScenarioResult {
  return {
    name: "writes",
    summary: "",
    params: { rooms: 100, members: 2, durationS: 10, rate: 0, rows: 0, requests: 0 },
    notes: [],
    figures: [
      { key: "ackedPerS", label: "acked messages/s", target: atLeastTimesReference(0.6) },
      { key: "lost", label: "deliveries lost", target: equalTo(0) },
    ],
    app: { ackedPerS: app, lost: repetition === 2 ? 3 : 0 },
    reference: { ackedPerS: reference, lost: 0 },
    failures: [],
    repetition,
  };
}

describe("bench --repeat", () => {
  it("parses a repetition count and refuses one out of range", () => {
    const options = parseOptions(["--repeat", "3", "--scenario", "writes"]);
    expect(options).toMatchObject({ repeat: 3, scenarios: ["writes"] });
    expect((parseOptions([]) as { repeat: number }).repeat).toBe(1);
    expect(() => parseOptions(["--repeat", "0"])).toThrow(/--repeat must be a whole number/);
    expect(() => parseOptions(["--repeat", "2.5"])).toThrow(/--repeat/);
  });

  it("summarises each target over the repetitions: the figures, their median, and how often it was met", () => {
    const history: ScenarioResult = {
      ...writesRun(1, 0, 0),
      name: "history",
      figures: [{ key: "newestP99", label: "newest page, server p99 (ms)", digits: 2, target: below(5, "ms") }],
      app: { newestP99: 3 },
      reference: null,
    };
    const summary = renderRepeatSummary([writesRun(1, 6_000, 10_000), history, writesRun(2, 5_000, 10_000), { ...history, repetition: 2, app: { newestP99: 6 } }, writesRun(3, 7_000, 10_000)]);
    expect(summary).toContain("writes acked messages/s [>= 0.6x ref]: 0.60, 0.50, 0.70; median 0.60; met in 2 of 3");
    // A target on the app's own figure shows that figure, not a ratio (0 / 0 would be no number).
    expect(summary).toContain("writes deliveries lost [= 0]: 0, 3, 0; median 0; met in 2 of 3");
    expect(summary).toContain("history newest page, server p99 (ms) [< 5 ms]: 3.00, 6.00; median 4.50; met in 1 of 2");
  });
});
