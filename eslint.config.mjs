// @ts-check
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import jest from "eslint-plugin-jest";
import tseslint from "typescript-eslint";

const serverOnly = ["**/lib/store/**", "**/lib/rooms/**", "**/lib/realtime/**", "**/lib/services", "**/lib/http/**", "**/lib/config", "**/lib/logger"];

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", "dist/**", "coverage/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  ...nextVitals,
  ...nextTs,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Async socket listeners and event handlers whose rejections would vanish.
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { disallowTypeAnnotations: false }],
    },
  },
  {
    // Browser code talks to the server only through the protocol; it never imports server modules.
    files: ["components/**", "lib/client/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: serverOnly, message: "Browser code may import only lib/protocol(-rules) and lib/client." }] }],
    },
  },
  {
    // Components run before hydration; zod and Socket.IO load after it (docs/performance.md#browser-first-load-javascript).
    // Types from these modules are free; a value import would put them back in every page's first load.
    files: ["components/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { paths: [
        { name: "@/lib/protocol", allowTypeImports: true, message: "Take values from @/lib/protocol-rules; schemas come with loadRealtime()." },
        ...["realtime", "join-room", "api", "room-session", "outbox", "member-token"].map((file) => ({
          name: `@/lib/client/${file}`, allowTypeImports: true, message: "Load it with loadRealtime() (lib/client/load-realtime.ts).",
        })),
      ] }],
    },
  },
  {
    // The server side never reaches into the UI.
    files: ["lib/**", "server.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/app/**", "**/components/**", "@/app/**", "@/components/**"], message: "lib/ must not depend on the UI." }] }],
    },
  },
  {
    // The domain and the store know nothing of transports.
    files: ["lib/rooms/**", "lib/store/**"],
    rules: {
      "no-restricted-imports": ["error", { paths: ["socket.io", "next", "next/server"], patterns: [{ group: ["**/realtime/**", "**/http/**"], message: "Dependencies flow realtime -> rooms -> store." }] }],
    },
  },
  {
    // Test and benchmark helpers shared by both live in tooling/; the benchmark never reaches into the tests.
    files: ["bench/**", "tooling/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/__tests__/**"], message: "Shared helpers live in tooling/." }] }],
    },
  },
  {
    // A focused or skipped test leaves CI green over what it did not run. Jest's through eslint-plugin-jest;
    // Playwright's `test` is imported from @playwright/test, which that plugin does not take for Jest's,
    // so its .only/.skip/.fixme calls are matched by shape (playwright.config.ts also sets forbidOnly on CI).
    files: ["__tests__/**", "e2e/**"],
    plugins: { jest },
    rules: {
      "jest/no-focused-tests": "error",
      "jest/no-disabled-tests": "error",
      "no-restricted-syntax": ["error", {
        selector: "CallExpression > MemberExpression.callee[property.name=/^(only|skip|fixme)$/]",
        message: "No focused or skipped tests: CI must run every test (.ci/summary.mjs counts a skipped one as failed).",
      }],
    },
  },
);
