/**
 * Presenting results: a table per scenario (figure | app | reference | app/ref | target | result)
 * and, with --json, one JSON line per scenario with the same numbers.
 */
import type { ScenarioName, ScenarioParams } from "./options";

export type Metrics = Record<string, number | null>;

export interface Target {
  /** What the issue asks, as people read it: "≥ 0.8x ref". */
  text: string;
  /** Whether it is judged against the reference's figure (a ratio) or on the app's figure alone. */
  relative: boolean;
  met(app: number, reference: number | null): boolean;
}

export interface Figure {
  key: string;
  label: string;
  digits?: number;
  target?: Target;
}

export interface ScenarioResult {
  name: ScenarioName;
  /** One line: the shape of the run. */
  summary: string;
  params: ScenarioParams;
  /** Things a reader must know to trust the figures (raised limits, a generator-bound run...). */
  notes: string[];
  figures: Figure[];
  app: Metrics;
  /** null where the reference has nothing to compare (history). */
  reference: Metrics | null;
  /** Quick-mode assertions that failed (loss, unacknowledged sends). */
  failures: string[];
  /** With --repeat: which repetition this is, from 1. */
  repetition?: number;
}

function format(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "n/a";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function ratio(app: number | null | undefined, reference: number | null | undefined): number | null {
  if (app === null || app === undefined || reference === null || reference === undefined || reference === 0) return null;
  return app / reference;
}

function verdict(figure: Figure, result: ScenarioResult): "PASS" | "MISS" | "n/a" | "" {
  if (figure.target === undefined) return "";
  const app = result.app[figure.key];
  if (app === null || app === undefined) return "n/a";
  return figure.target.met(app, result.reference?.[figure.key] ?? null) ? "PASS" : "MISS";
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ").trimEnd();
}

export function renderTable(result: ScenarioResult): string {
  const header = ["figure", "app", "reference", "app/ref", "target", "result"];
  const rows = result.figures.map((figure) => {
    const app = result.app[figure.key];
    const reference = result.reference?.[figure.key];
    return [figure.label, format(app, figure.digits), format(reference, figure.digits), format(ratio(app, reference), 2), figure.target?.text ?? "", verdict(figure, result)];
  });
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => (row[i] ?? "").length)));
  const lines = [`== ${result.name}: ${result.summary}`, ...result.notes.map((note) => `   note: ${note}`), pad(header, widths), ...rows.map((row) => pad(row, widths))];
  for (const failure of result.failures) lines.push(`   FAILED: ${failure}`);
  return `${lines.join("\n")}\n`;
}

const round3 = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 1000);

function rounded(metrics: Metrics | null): Metrics | null {
  return metrics === null ? null : Object.fromEntries(Object.entries(metrics).map(([key, value]) => [key, round3(value)]));
}

export function jsonLine(result: ScenarioResult): string {
  const ratios = Object.fromEntries(result.figures.map((figure) => [figure.key, round3(ratio(result.app[figure.key], result.reference?.[figure.key]))]));
  const targets = result.figures
    .filter((figure) => figure.target !== undefined)
    .map((figure) => ({ figure: figure.key, target: figure.target?.text, result: verdict(figure, result) }));
  const { name, params, notes, failures, repetition } = result;
  return JSON.stringify({ scenario: name, repetition, params, notes, app: rounded(result.app), reference: rounded(result.reference), ratio: ratios, targets, failures });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/**
 * With --repeat: each target over the repetitions, as the app/reference ratio for a target set
 * against the reference (the app's own figure for the others), its median, and in how many
 * repetitions it was met.
 */
export function renderRepeatSummary(results: ScenarioResult[]): string {
  const lines = [`== targets over ${Math.max(...results.map((r) => r.repetition ?? 1))} repetitions (app/ref for a target set against the reference, the app's figure for the others)`];
  for (const name of [...new Set(results.map((result) => result.name))]) {
    const runs = results.filter((result) => result.name === name);
    for (const figure of runs[0]?.figures.filter((f) => f.target !== undefined) ?? []) {
      const relative = figure.target?.relative === true && runs[0]?.reference !== null;
      const values = runs.map((run) => (relative ? ratio(run.app[figure.key], run.reference?.[figure.key]) : run.app[figure.key]) ?? NaN);
      const met = runs.filter((run) => verdict(figure, run) === "PASS").length;
      const digits = relative ? 2 : (figure.digits ?? 0);
      const shown = values.map((value) => format(value, digits)).join(", ");
      lines.push(`${name} ${figure.label} [${figure.target?.text}]: ${shown}; median ${format(median(values), digits)}; met in ${met} of ${runs.length}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Targets, written once. */
export const atLeastTimesReference = (factor: number): Target => ({
  text: `>= ${factor}x ref`,
  relative: true,
  met: (app, reference) => reference !== null && app >= factor * reference,
});
export const atMostTimesReference = (factor: number): Target => ({
  text: `<= ${factor}x ref`,
  relative: true,
  met: (app, reference) => reference !== null && app <= factor * reference,
});
export const below = (limit: number, unit: string): Target => ({ text: `< ${limit} ${unit}`, relative: false, met: (app) => app < limit });
export const equalTo = (value: number): Target => ({ text: `= ${format(value)}`, relative: false, met: (app) => app === value });
export const both = (a: Target, b: Target): Target => ({
  text: `${a.text}, ${b.text}`,
  relative: a.relative || b.relative,
  met: (app, reference) => a.met(app, reference) && b.met(app, reference),
});
