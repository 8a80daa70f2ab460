/**
 * Lua scripts are how the Redis backends stay atomic: a script runs alone on the server, so a
 * check-and-claim in one script cannot interleave with another instance's. Scripts touch keys they
 * compute from their arguments, which a single Redis (or a primary with replicas) allows; Redis
 * Cluster, which needs every key declared and in one slot, is not supported (docs/scaling.md).
 */
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

export type LuaScript = (client: Redis, args: readonly (string | number)[]) => Promise<unknown>;

/** Runs `source` by its SHA1 (EVALSHA), sending the text only when Redis does not know it yet. */
export function luaScript(source: string): LuaScript {
  const sha = createHash("sha1").update(source).digest("hex");
  return async (client, args) => {
    try {
      return await client.evalsha(sha, 0, ...args);
    } catch (error) {
      // NOSCRIPT: first use, or Redis restarted and forgot its script cache.
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return client.eval(source, 0, ...args);
    }
  };
}

/** A script's reply as a list of strings (Lua tables arrive as arrays; nil as null). */
export function stringList(reply: unknown): string[] {
  if (reply === null || reply === undefined) return [];
  if (!Array.isArray(reply)) throw new Error(`unexpected Redis reply: ${typeof reply}`);
  return reply.map((item) => String(item));
}
