// @ts-check
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import boundaries from "eslint-plugin-boundaries";
import jest from "eslint-plugin-jest";
import tseslint from "typescript-eslint";

// ---------------------------------------------------------------------------------------------
// Layers (docs/architecture.md). Each may import only itself and the layers listed for it, so the
// imports form a DAG: no folder loops, and nothing reaches up. Checked by eslint-plugin-boundaries.
const LAYERS = {
  protocol: "lib/protocol*.ts", // THE contract; imports only zod
  errors: "lib/errors.ts", // DomainError: the refusal every server layer throws
  config: "lib/config.ts",
  support: "lib/{logger,metrics,identity,readiness}.ts", // leaves: import nothing of ours
  store: "lib/store",
  redis: "lib/redis",
  limits: "lib/limits",
  rooms: "lib/rooms",
  http: "lib/http",
  realtime: "lib/realtime",
  services: "lib/{services,shutdown}.ts", // builds (and tears down) the backend; server.ts and tests only
  registry: "lib/registry.ts", // hands the built services to app/
  client: "lib/client",
  components: "components",
  app: "app",
  server: "server.ts",
};
const MAY_IMPORT = {
  protocol: [],
  errors: ["protocol"],
  config: [],
  support: [],
  store: ["protocol", "errors", "config", "support"],
  redis: ["support"],
  limits: ["protocol", "errors", "config", "support"],
  rooms: ["protocol", "errors", "config", "support", "store", "redis", "limits"],
  http: ["protocol", "errors", "config"],
  realtime: ["protocol", "errors", "config", "support", "rooms", "limits", "http", "redis"],
  services: ["protocol", "errors", "config", "support", "store", "redis", "limits", "rooms"],
  registry: [],
  // Browser code talks to the server only through the protocol.
  client: ["protocol"],
  components: ["protocol", "client"],
  // Pages and routes read what server.ts built (registry); they build nothing, so no store, Redis or Socket.IO.
  app: ["protocol", "errors", "support", "http", "rooms", "registry", "components"],
  server: ["config", "http", "realtime", "redis", "registry", "rooms", "services"],
};
// Types cost nothing at run time: these may name the types of a layer they must not load.
const MAY_IMPORT_TYPES = {
  registry: ["services"],
  services: ["realtime"],
};
const layerPolicies = [
  ...Object.entries(MAY_IMPORT).map(([layer, allowed]) => ({
    from: { file: { categories: layer } },
    allow: { to: { file: { categories: [layer, ...allowed] } } },
  })),
  ...Object.entries(MAY_IMPORT_TYPES).map(([layer, allowed]) => ({
    from: { file: { categories: layer } },
    allow: { to: { file: { categories: allowed } }, dependency: { kind: "type" } },
  })),
  // Packages: any layer may use them, but the contract ships to browsers and bots alike: zod only.
  { from: { file: { categories: "!protocol" } }, allow: { to: { module: { origin: ["external", "core"] } } } },
  { from: { file: { categories: "protocol" } }, allow: { to: { module: { origin: "external", source: "zod" } } } },
  // The domain and the store know nothing of transports (a later policy wins over an earlier one).
  { from: { file: { categories: ["rooms", "store"] } }, disallow: { to: { module: { source: ["socket.io", "next"] } } } },
];

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
    // Which layer may import which (LAYERS, MAY_IMPORT above); files outside them (tests, bench, tooling) are not checked here.
    files: ["app/**", "components/**", "lib/**", "server.ts"],
    plugins: { boundaries },
    settings: {
      // Layers are classified as file categories: a layer can be a folder or a few files beside the folders.
      "boundaries/files": Object.entries(LAYERS).map(([category, pattern]) => ({ category, pattern: pattern.endsWith(".ts") ? pattern : `${pattern}/**` })),
    },
    rules: {
      "boundaries/dependencies": ["error", { default: "disallow", checkAllOrigins: true, checkUnknownLocals: true, policies: layerPolicies }],
    },
  },
  {
    // Components run before hydration; zod and Socket.IO load after it (docs/performance.md#browser-first-load-javascript).
    // Types from these modules are free; a value import would put them back in every page's first load.
    files: ["components/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { paths: [
        ...["protocol", "protocol-errors", "protocol-members", "protocol-messages"].map((file) => ({
          name: `@/lib/${file}`, allowTypeImports: true, message: "Take values from @/lib/protocol-rules; schemas come with loadRealtime().",
        })),
        ...["realtime", "join-room", "api", "room-session", "outbox", "member-token", "session/connection", "session/room-store", "session/catch-up", "session/delivery", "session/history"].map((file) => ({
          name: `@/lib/client/${file}`, allowTypeImports: true, message: "Load it with loadRealtime() (lib/client/load-realtime.ts).",
        })),
      ] }],
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
