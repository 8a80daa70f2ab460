// Totals Jest's and Playwright's JSON reports into the one line CI reads: "N passed, N failed".
// A missing report counts as a failure, so a suite that never ran cannot look green.
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    console.log(`${file}: missing (the suite did not run)`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  if ("numPassedTests" in report) {
    console.log(`${file}: jest ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`);
    passed += report.numPassedTests;
    failed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  } else {
    const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats ?? {};
    console.log(`${file}: playwright ${expected} passed, ${unexpected} failed, ${flaky} flaky, ${skipped} skipped`);
    passed += expected;
    failed += unexpected + flaky + (report.errors?.length ?? 0);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
