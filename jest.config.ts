import type { Config } from "jest";
import nextJest from "next/jest.js";

// next/jest wires SWC, the @/ alias, CSS/asset mocks and .env loading the way `next build` sees them.
const createJestConfig = nextJest({ dir: "./" });

const shared = {
  moduleNameMapper: {
    "^@/(.*)$": "<rootDir>/$1",
    // marked ships as an ES module (which Jest does not load from node_modules) and as this UMD file.
    "^marked$": "<rootDir>/node_modules/marked/lib/marked.umd.js",
  },
  testPathIgnorePatterns: ["/node_modules/", "/.next/", "/e2e/"],
};

export default async function config(): Promise<Config> {
  return {
  // Integration tests start real server processes (about 1 s each, more on a busy 2-core machine).
  testTimeout: 30_000,
  projects: [
    await createJestConfig({
      ...shared,
      displayName: "unit",
      testEnvironment: "node",
      testMatch: ["<rootDir>/__tests__/unit/**/*.test.ts"],
    })(),
    await createJestConfig({
      ...shared,
      displayName: "component",
      testEnvironment: "jsdom",
      setupFilesAfterEnv: ["<rootDir>/__tests__/component/setup.ts"],
      testMatch: ["<rootDir>/__tests__/component/**/*.test.tsx"],
    })(),
    // Socket handlers against the realtime layer built in-process (__tests__/realtime/in-process.ts):
    // real sockets and a real SQLite file, but no Next build and no child process.
    await createJestConfig({
      ...shared,
      displayName: "realtime",
      testEnvironment: "node",
      testMatch: ["<rootDir>/__tests__/realtime/**/*.test.ts"],
    })(),
    await createJestConfig({
      ...shared,
      displayName: "integration",
      testEnvironment: "node",
      testMatch: ["<rootDir>/__tests__/integration/**/*.test.ts"],
      globalSetup: "<rootDir>/__tests__/integration/global-setup.ts",
    })(),
    await createJestConfig({
      ...shared,
      displayName: "chaos",
      testEnvironment: "node",
      testMatch: ["<rootDir>/__tests__/chaos/**/*.test.ts"],
      globalSetup: "<rootDir>/__tests__/integration/global-setup.ts",
    })(),
    // Several instances over shared backends (PostgreSQL, Redis) and behind nginx: needs those installed,
    // so it is not part of `npm test`; `npm run test:scale` runs it.
    await createJestConfig({
      ...shared,
      displayName: "scale",
      testEnvironment: "node",
      testMatch: ["<rootDir>/__tests__/scale/**/*.test.ts"],
      globalSetup: "<rootDir>/__tests__/scale/global-setup.ts",
      globalTeardown: "<rootDir>/__tests__/scale/global-teardown.ts",
    })(),
  ],
  };
}
