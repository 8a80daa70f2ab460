import { nodeFlagsOf } from "../../bench/servers";

describe("bench: the app's node flags", () => {
  it("takes the flags between node and dist/server.js, after any variables", () => {
    expect(nodeFlagsOf("NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 node --max-semi-space-size=32 --trace-warnings dist/server.js")).toEqual([
      "--max-semi-space-size=32",
      "--trace-warnings",
    ]);
    expect(nodeFlagsOf("node dist/server.js")).toEqual([]);
  });

  it("refuses a start script of another shape rather than start something else", () => {
    expect(() => nodeFlagsOf("NODE_ENV=production next start")).toThrow(/node \[flags\] dist\/server\.js/);
    expect(() => nodeFlagsOf("node --max-semi-space-size=32 server.js")).toThrow(/found: node --max-semi-space-size=32 server\.js/);
    expect(() => nodeFlagsOf("NODE_ENV=production")).toThrow();
  });
});
