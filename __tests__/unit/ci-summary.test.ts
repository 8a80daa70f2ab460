/**
 * .ci/summary.mjs, run as CI runs it (a child process, its last line and exit status), on sample
 * reports shaped as Jest's and Playwright's JSON reporters write them: nothing that did not run may
 * count as a pass.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { tempDir } from "../../tooling/temp-dir";

const SCRIPT = path.resolve(__dirname, "../../.ci/summary.mjs");
const tmp = tempDir("ci-summary");
afterAll(() => tmp.remove());

type Status = "passed" | "failed" | "pending" | "skipped" | "todo";

function jestReport(statuses: Status[], runtimeErrors = 0) {
  const count = (status: Status) => statuses.filter((s) => s === status).length;
  const failed = count("failed");
  return {
    success: failed + runtimeErrors === 0,
    numPassedTests: count("passed"),
    numFailedTests: failed,
    numPendingTests: count("pending") + count("skipped"),
    numTodoTests: count("todo"),
    numRuntimeErrorTestSuites: runtimeErrors,
    numTotalTests: statuses.length,
    testResults: [{ name: "/repo/__tests__/unit/x.test.ts", assertionResults: statuses.map((status, i) => ({ status, fullName: `x test ${i}`, title: `test ${i}` })) }],
  };
}

function playwrightReport(statuses: Array<"expected" | "unexpected" | "skipped">) {
  const count = (status: string) => statuses.filter((s) => s === status).length;
  return {
    suites: [{ title: "chat.spec.ts", file: "chat.spec.ts", specs: statuses.map((status, i) => ({ title: `spec ${i}`, file: "chat.spec.ts", tests: [{ projectName: "chromium", status }] })), suites: [] }],
    errors: [],
    stats: { expected: count("expected"), unexpected: count("unexpected"), flaky: 0, skipped: count("skipped") },
  };
}

let files = 0;
function write(content: unknown): string {
  const file = path.join(tmp.dir, `report-${(files += 1)}.json`);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

function summary(...args: string[]) {
  const run = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: "utf8" });
  const lines = run.stdout.trimEnd().split("\n");
  return { status: run.status, last: lines.at(-1), output: run.stdout };
}

describe(".ci/summary.mjs", () => {
  it("passes passing reports and totals them", () => {
    const result = summary(write(jestReport(["passed", "passed", "passed"])), write(playwrightReport(["expected", "expected"])));
    expect(result.last).toBe("5 passed, 0 failed");
    expect(result.status).toBe(0);
  });

  it("counts each skipped, pending or todo Jest test as failed, and names it", () => {
    const result = summary(write(jestReport(["passed", "passed", "skipped", "pending", "todo"])));
    expect(result.last).toBe("2 passed, 3 failed");
    expect(result.output).toContain("skipped: x test 2");
    expect(result.output).toContain("todo: x test 4");
    expect(result.status).toBe(1);
  });

  it("counts a skipped Playwright test as failed, and names it", () => {
    const result = summary(write(playwrightReport(["expected", "skipped"])));
    expect(result.last).toBe("1 passed, 1 failed");
    expect(result.output).toContain("skipped: chat.spec.ts › spec 1");
    expect(result.status).toBe(1);
  });

  it("counts a missing, an unreadable and an empty report as failed", () => {
    const passing = write(jestReport(["passed"]));
    const result = summary(passing, path.join(tmp.dir, "never-written.json"), write("{ truncated"), write(jestReport([])));
    expect(result.last).toBe("1 passed, 3 failed");
    expect(result.output).toMatch(/never-written\.json: missing/);
    expect(result.output).toMatch(/unreadable/);
    expect(result.output).toMatch(/ran no test/);
    expect(result.status).toBe(1);
  });

  it("counts failed tests and suites that failed to run", () => {
    const result = summary(write(jestReport(["passed", "failed"], 1)));
    expect(result.last).toBe("1 passed, 2 failed");
    expect(result.status).toBe(1);
  });

  it("counts each failed step and names them; a failed suite step only when its report shows no failure", () => {
    const green = write(jestReport(["passed", "passed"]));
    const red = write(jestReport(["passed", "failed"]));
    const result = summary("--failed-step", "lint", "--failed-step", "build", "--failed-step", `npm test=${red}`, "--failed-step", `chaos=${green}`, green, red);
    expect(result.output).toContain("failed steps: lint, build, chaos");
    expect(result.last).toBe("3 passed, 4 failed");
    expect(result.status).toBe(1);
  });

  it("names each failed test with the first line of its error, just above the last line", () => {
    const timedOut = { message: "\u001b[31mTest timeout of 30000ms exceeded.\u001b[39m\nat chat.spec.ts:70" };
    const playwright = {
      ...playwrightReport(["expected", "unexpected"]),
      suites: [{ title: "chat.spec.ts", file: "chat.spec.ts", specs: [{ title: "spec 1", file: "chat.spec.ts", line: 66, tests: [{ status: "unexpected", results: [{ error: timedOut }] }] }] }],
    };
    const result = summary(write(jestReport(["passed", "failed"])), write(playwright));
    const lines = result.output.trimEnd().split("\n");
    expect(lines).toContain("  failed: chat.spec.ts:66 › spec 1 (unexpected: Test timeout of 30000ms exceeded.)");
    expect(lines.some((line) => /^ {2}failed: .*x\.test\.ts: x test 1$/.test(line))).toBe(true);
    expect(result.last).toBe("2 passed, 2 failed");
  });

  it("fails a run in which nothing passed, even with nothing failed", () => {
    const result = summary();
    expect(result.last).toBe("0 passed, 0 failed");
    expect(result.status).toBe(1);
  });
});
