// The one line CI reads, "N passed, M failed", totalled over Jest's and Playwright's JSON reports and
// the steps of .ci/run. M counts everything that must turn the run red, so that nothing can look green
// by not running: a failed test; a test that did not run (skipped, todo, pending, fixme: a focused or
// skipped test is caught here if lint missed it); a report that is missing or unreadable (its suite
// never ran, or died), or that holds no test at all; and each failed step.
//
//   node .ci/summary.mjs [--failed-step NAME | --failed-step NAME=REPORT]... REPORT.json...
//
// A step given with its report (a test suite whose command failed) counts only if its report shows no
// failure of its own, so a red suite is not counted twice. Each failed test is named, with the first
// line of its error, just above the last line. Exits 1 when M > 0 or nothing passed.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** The first line of an error message, without terminal colours, short enough for a summary. */
function firstLine(message) {
  const line = String(message ?? "no message").replace(/\u001b\[[0-9;]*m/g, "").trim().split("\n")[0];
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

/** Jest's report: counts, and the names of the tests that failed or did not run. */
function fromJest(report) {
  const notRun = report.testResults.flatMap((file) =>
    (file.assertionResults ?? []).filter((test) => !["passed", "failed"].includes(test.status)).map((test) => `${test.status}: ${test.fullName}`),
  );
  const failedNames = report.testResults.flatMap((file) => [
    ...(file.assertionResults ?? []).filter((test) => test.status === "failed").map((test) => `${path.relative(process.cwd(), file.name)}: ${test.fullName}`),
    ...(file.status === "failed" && (file.assertionResults ?? []).length === 0 ? [`${path.relative(process.cwd(), file.name)}: did not run (${firstLine(file.message)})`] : []),
  ]);
  const failedSuites = report.numRuntimeErrorTestSuites ?? 0;
  const failed = report.numFailedTests + failedSuites;
  return {
    runner: "jest",
    passed: report.numPassedTests,
    failed: failed === 0 && report.success === false ? 1 : failed,
    notRun,
    failedNames,
    detail: `${report.numFailedTests} failed, ${failedSuites} suites failed to run, ${report.numPendingTests} skipped, ${report.numTodoTests ?? 0} todo`,
  };
}

/** Playwright's JSON reporter: suites nest; each spec has one test per project. */
function fromPlaywright(report) {
  const notRun = [];
  const failedNames = [];
  const walk = (suite) => {
    for (const child of suite.suites ?? []) walk(child);
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === "skipped") notRun.push(`skipped: ${spec.file} › ${spec.title}`);
        if (test.status === "unexpected" || test.status === "flaky") {
          const error = test.results?.find((result) => result.error)?.error?.message;
          failedNames.push(`${spec.file}:${spec.line} › ${spec.title} (${test.status}: ${firstLine(error)})`);
        }
      }
    }
  };
  (report.suites ?? []).forEach(walk);
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats ?? {};
  const errors = report.errors?.length ?? 0;
  // A skipped test that the walk did not find by name still counts.
  for (let i = notRun.length; i < skipped; i += 1) notRun.push("skipped: (unnamed)");
  for (const error of report.errors ?? []) failedNames.push(`error outside a test: ${firstLine(error.message)}`);
  return { runner: "playwright", passed: expected, failed: unexpected + flaky + errors, notRun, failedNames, detail: `${unexpected} failed, ${flaky} flaky, ${skipped} skipped, ${errors} errors` };
}

/** One report as { passed, failed, lines }; a report that cannot be read counts as one failure. */
function readReport(file) {
  if (!existsSync(file)) return { passed: 0, failed: 1, lines: [`${file}: missing (the suite did not run)`] };
  let counts;
  try {
    const report = JSON.parse(readFileSync(file, "utf8"));
    counts = "numPassedTests" in report ? fromJest(report) : fromPlaywright(report);
  } catch (error) {
    return { passed: 0, failed: 1, lines: [`${file}: unreadable (${error instanceof Error ? error.message : String(error)})`] };
  }
  const { runner, passed, notRun, failedNames, detail } = counts;
  const empty = passed + counts.failed + notRun.length === 0 ? 1 : 0;
  const lines = [`${file}: ${runner} ${passed} passed, ${detail}${empty ? " (ran no test)" : ""}`, ...failedNames.map((name) => `  failed: ${name}`), ...notRun.map((name) => `  did not run, counted as failed: ${name}`)];
  return { passed, failed: counts.failed + notRun.length + empty, lines };
}

function summarize(args) {
  const files = [];
  const steps = [];
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === "--failed-step") {
      const [name, report] = (args[++i] ?? "").split("=");
      steps.push({ name, report });
    } else files.push(args[i]);
  }
  const reports = new Map(files.map((file) => [file, readReport(file)]));
  const lines = [...reports.values()].flatMap((report) => report.lines);
  let passed = 0;
  let failed = 0;
  for (const report of reports.values()) {
    passed += report.passed;
    failed += report.failed;
  }
  const counted = steps.filter((step) => step.report === undefined || (reports.get(step.report)?.failed ?? 0) === 0);
  if (counted.length > 0) lines.push(`failed steps: ${counted.map((step) => step.name).join(", ")}`);
  failed += counted.length;
  lines.push(`${passed} passed, ${failed} failed`);
  return { passed, failed, lines };
}

const { passed, failed, lines } = summarize(process.argv.slice(2));
for (const line of lines) console.log(line);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
