/**
 * Hands the services that server.ts built to the pages and route handlers under app/.
 *
 * Next.js bundles app/ on its own, so the bundle has its own copy of every module it imports, this one
 * included (STYLE.md, "Known traps"): a module-level variable set by server.ts would be invisible to the
 * routes. The services therefore travel on globalThis under a registered symbol, which both copies see.
 * This module imports the services' types only, so the bundle never holds the store, its drivers,
 * Redis or Socket.IO: app/ reads what the composition root built and builds nothing itself.
 */
import type { Services } from "./services";

const KEY = Symbol.for("roomchat.services");
type Holder = { [KEY]?: Services };

/** Called once by server.ts, before Next.js serves its first request. */
export function registerServices(services: Services): void {
  const holder = globalThis as Holder;
  if (holder[KEY] !== undefined) throw new Error("The services are already registered: build them once per process.");
  holder[KEY] = services;
}

/** The services server.ts registered; throws when there are none (the app was started without server.ts). */
export function getServices(): Services {
  const services = (globalThis as Holder)[KEY];
  if (services === undefined) throw new Error("No services registered: run the app through server.ts (npm run dev, npm start).");
  return services;
}
