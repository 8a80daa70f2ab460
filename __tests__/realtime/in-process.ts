/**
 * The realtime layer in the test's own process, as Socket.IO's testing guide does it
 * (https://socket.io/docs/v4/testing/): a plain HTTP server on a free loopback port, the real services
 * over a real SQLite file in a temp dir, attachRealtime, and real socket.io-client connections. No
 * Next.js and no build: what needs the pages, the HTTP routes or the process itself (signals,
 * restarts, logs, memory) stays in __tests__/integration, against the spawned server.
 *
 * An error thrown out of a handler here fails the running test (Jest's circus runner catches uncaught
 * exceptions and unhandled rejections), where it would have ended the spawned server's process.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { ManagerOptions, SocketOptions } from "socket.io-client";
import { loadConfig } from "@/lib/config";
import type { Message } from "@/lib/protocol";
import { attachRealtime, type Realtime } from "@/lib/realtime/attach";
import { createServices, type Services } from "@/lib/services";
import { tempDir } from "../../tooling/temp-dir";
import { GENEROUS_LIMITS, join, type JoinRequestAuth, type Member, type TestSocket } from "../sockets";

export interface InProcessServer {
  url: string;
  services: Services;
  realtime: Realtime;
  /** A new room, made by the domain call POST /api/rooms makes (without its per-address limit). */
  createRoom(): Promise<string>;
  /** Connects a member (see sockets.ts); stop() closes every socket made here. */
  join(auth: JoinRequestAuth, options?: Partial<ManagerOptions & SocketOptions>): Promise<Member>;
  /** Every stored message of a room, oldest first, read page by page as GET .../messages?after= reads it. */
  storedHistory(code: string): Promise<Message[]>;
  /** Closes the clients, Socket.IO and the HTTP server, and the store; removes the temp dir. */
  stop(): Promise<void>;
}

/** `env` is read as the server reads its environment (lib/config.ts); nothing comes from process.env. */
export async function startInProcess(env: Record<string, string> = {}): Promise<InProcessServer> {
  const tmp = tempDir("in-process");
  const config = loadConfig({
    NODE_ENV: "test",
    HOSTNAME: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "silent",
    ...GENEROUS_LIMITS,
    ...env,
    DATABASE_URL: `file:${path.join(tmp.dir, "chat.db")}`,
  });
  const services = await createServices(config).catch((error: unknown) => {
    tmp.remove();
    throw error;
  });
  const httpServer = createServer();
  const realtime = attachRealtime(httpServer, { ...services, presenceGraceMs: config.presenceGraceMs, adapter: undefined });
  await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const sockets: TestSocket[] = [];

  return {
    url,
    services,
    realtime,
    createRoom: async () => (await services.rooms.createRoom()).code,
    async join(auth, options) {
      const member = await join(url, auth, options);
      sockets.push(member.socket);
      return member;
    },
    async storedHistory(code) {
      const all: Message[] = [];
      for (let after = 0; ; ) {
        const page = await services.rooms.messagesAfter(code, after, 100);
        all.push(...page.messages);
        if (!page.hasMore) return all;
        after = page.messages.at(-1)?.seq ?? after;
      }
    },
    async stop() {
      for (const socket of sockets) socket.close();
      // The order of lib/shutdown.ts: writes in flight finish before the store closes.
      await realtime.close(1_000);
      httpServer.closeAllConnections();
      await services.redis?.close();
      await services.store.close();
      tmp.remove();
    },
  };
}
