/**
 * The assertions on a run (traffic happened; in quick mode, no loss and every send acked) and the notes
 * that qualify a run's figures.
 */
import type { Metrics, ScenarioResult } from "../report";
import { GENERATOR_BOUND } from "./traffic";

const servers = (app: Metrics, reference: Metrics) => [["app", app] as const, ["reference", reference] as const];

/** Every send acknowledged, every owed delivery received, every member connected. */
export function lossFailures(app: Metrics, reference: Metrics): string[] {
  const failures: string[] = [];
  for (const [name, m] of servers(app, reference)) {
    if (m.connectFailures !== 0) failures.push(`${name}: ${m.connectFailures} member(s) could not connect`);
    if (m.sent !== m.acked) failures.push(`${name}: ${m.sent} messages sent but ${m.acked} acked`);
    if (m.received !== m.expected) failures.push(`${name}: ${m.expected} deliveries expected but ${m.received} received`);
  }
  return failures;
}

/**
 * The changes scenario's: every member connected and every seeding message acked, every change acked,
 * every owed update received, no acked change missing and every client converged.
 */
export function changeFailures(app: Metrics, reference: Metrics, seedPerMember: number): string[] {
  const failures: string[] = [];
  for (const [name, m] of servers(app, reference)) {
    if (m.connectFailures !== 0) failures.push(`${name}: ${m.connectFailures} member(s) could not connect`);
    if (m.seeded !== (m.clients ?? 0) * seedPerMember) failures.push(`${name}: ${m.seeded} of ${(m.clients ?? 0) * seedPerMember} messages acked before the changes`);
    if (m.sent !== m.acked) failures.push(`${name}: ${m.sent} changes sent but ${m.acked} acked`);
    if (m.received !== m.expected) failures.push(`${name}: ${m.expected} updates owed but ${m.received} received`);
    if (m.lost !== 0) failures.push(`${name}: ${m.lost} acked change(s) missing from the server's state`);
    if (m.diverged !== 0) failures.push(`${name}: ${m.diverged} client(s) not converged (${m.differingCopies} copies differ from the server's)`);
  }
  return failures;
}

/**
 * Whether the scenario measured anything at all, on every server it ran: the loss checks above hold
 * trivially for a run that sent nothing, and a table of figures over no traffic means nothing either.
 */
export function trafficFailures(result: ScenarioResult): string[] {
  const sides = result.reference === null ? [["app", result.app] as const] : servers(result.app, result.reference);
  const wanted: Record<ScenarioResult["name"], Array<[key: string, what: string]>> = {
    fanout: [["sent", "messages sent"], ["expected", "deliveries owed"], ["received", "deliveries received"]],
    rooms: [["sent", "messages sent"], ["expected", "deliveries owed"], ["received", "deliveries received"]],
    writes: [["sent", "messages sent"], ["expected", "deliveries owed"], ["received", "deliveries received"]],
    changes: [["seeded", "messages sent before the changes"], ["acked", "changes acked"], ["expected", "updates owed"], ["received", "updates received"], ["checked", "acked changes checked"]],
    idle: [["connected", "connections made"], ["held", "connections held"]],
    // A latency is null when no page of that kind was read.
    history: [["rows", "stored messages"], ["newestP50", "newest pages read"], ["olderP50", "older pages read"]],
  };
  return sides.flatMap(([name, m]) =>
    wanted[result.name].filter(([key]) => !((m[key] ?? 0) > 0)).map(([key, what]) => `${name}: no ${what} (${key} = ${m[key] ?? "none"})`),
  );
}

/** Anything else running on the machine competes for the same cores: say so when it was busy. */
export function contentionNotes(app: Metrics, reference: Metrics): string[] {
  return servers(app, reference)
    .filter(([, m]) => (m.otherCpuPct ?? 0) >= 20)
    .map(([name, m]) => `NOISY: other processes used ${Math.round(m.otherCpuPct ?? 0)}% of a core during the ${name} run`);
}

/** Server and generator share the machine's cores: when all were busy, neither had room to go faster. */
export function machineNotes(app: Metrics, reference: Metrics): string[] {
  return servers(app, reference)
    .filter(([, m]) => (m.machineBusyPct ?? 0) >= 90)
    .map(([name, m]) => `MACHINE-BOUND against the ${name}: all cores were ${Math.round(m.machineBusyPct ?? 0)}% busy (server + load generator), so its throughput is the machine's, not the server's alone; compare CPU ms per 1000 deliveries`);
}

export function generatorNotes(app: Metrics, reference: Metrics): string[] {
  return servers(app, reference)
    .filter(([, m]) => (m.generatorCpuPct ?? 0) >= GENERATOR_BOUND * 100)
    .map(([name, m]) => {
      const share = Math.round(m.generatorCpuPct ?? 0);
      return `GENERATOR-BOUND against the ${name}: its busiest load worker used ${share}% of a core, so the ${name}'s throughput figures are a lower bound`;
    });
}
