// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The custom server (server.ts) owns the HTTP server; these native/server-only packages must stay
  // external so that the route handlers and server.ts load the same module from node_modules.
  serverExternalPackages: ["better-sqlite3", "pg", "pino", "kysely"],
  // `next build` type-checks the app only; tests and the benchmark are checked by `npm run typecheck`,
  // so a half-written test cannot break a production build.
  typescript: { tsconfigPath: "tsconfig.build.json" },
};

module.exports = nextConfig;
