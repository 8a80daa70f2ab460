/**
 * A reconnect the server refuses (rate_limited) is retried by the page itself, which says so, and it
 * gets back in once the limit passes, without a reload. Socket.IO does not retry a handshake that the
 * server's middleware refused; the session does (lib/client/session/connection.ts).
 *
 * The shared e2e server's limits are generous on purpose, so this spec starts its own server, with
 * room for three connections per address, and fills them from Node (127.0.0.1, like the browser).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, Message, ServerToClientEvents } from "../lib/protocol";
import { freePort } from "../tooling/free-port";
import { tempDir } from "../tooling/temp-dir";

type NodeMember = Socket<ServerToClientEvents, ClientToServerEvents>;

const ROOT = path.resolve(__dirname, "..");
const CONNECTIONS_PER_ADDRESS = 3;

interface TightServer {
  url: string;
  stop(): Promise<void>;
}

/** The production build (made by the config's webServer first) under server.ts, with a tight per-address cap. */
async function startTightServer(): Promise<TightServer> {
  const port = await freePort();
  const data = tempDir("e2e-reconnect");
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: ROOT,
    stdio: "ignore",
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      DATABASE_URL: `file:${path.join(data.dir, "chat.db")}`,
      LOG_LEVEL: "warn",
      MAX_CONNECTIONS_PER_IP: String(CONNECTIONS_PER_ADDRESS),
    },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    data.remove();
  };
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 250))) {
    if (child.exitCode !== null) break;
    if (await fetch(`${url}/healthz`).then((response) => response.ok, () => false)) return { url, stop };
  }
  await stop();
  throw new Error("the tight server did not start");
}

/** Joins from Node; resolves with the socket, or with the code the handshake was refused with. */
function joinFromNode(url: string, code: string, name: string): Promise<NodeMember | string> {
  const socket: NodeMember = io(url, { auth: { code, name, memberToken: `node-${crypto.randomUUID()}` }, transports: ["websocket"], reconnection: false, forceNew: true });
  return new Promise((resolve) => {
    socket.once("room:snapshot", () => resolve(socket));
    socket.once("connect_error", (error) => {
      socket.close();
      resolve(error.message);
    });
  });
}

test("a reconnect refused rate_limited is retried by the page, which gets back in once the limit passes", async ({ browser }) => {
  test.setTimeout(120_000);
  const server = await startTightServer();
  const members: NodeMember[] = [];
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByLabel("Your name").fill("Ana");
    await page.getByRole("button", { name: "Create room" }).click();
    await expect(page).toHaveURL(/\/room\/.+$/);
    await expect(page.getByRole("log")).toContainText("You joined the room");
    const code = page.url().split("/room/")[1]?.replaceAll("-", "") ?? "";

    await context.setOffline(true);
    await expect(page.getByText("Reconnecting…")).toBeVisible();
    // Take every connection the address has left (the server may still count the page's old one).
    for (let n = 1; n <= CONNECTIONS_PER_ADDRESS + 1; n += 1) {
      const joined = await joinFromNode(server.url, code, `Filler ${n}`);
      if (typeof joined === "string") {
        expect(joined).toBe("rate_limited");
        break;
      }
      members.push(joined);
    }
    expect(members.length).toBeGreaterThan(0);

    await context.setOffline(false);
    await expect(page.getByText(/^Too many connections from your network, retrying in \d+ s$/)).toBeVisible();
    await expect(page.getByText("Connected")).toHaveCount(0);

    // The limit passes: every filler but one goes; that one stays to read what Ana sends next.
    const bob = members[0]!;
    for (const member of members.splice(1)) member.disconnect();
    // The server asked for 10 s (address_full in lib/realtime/join.ts); the page waits that long, then gets in.
    await expect(page.getByText("Connected")).toBeVisible({ timeout: 20_000 });

    const received = new Promise<Message>((resolve) => bob.on("message:created", resolve));
    await page.getByLabel("Message").fill("back without a reload");
    await page.getByLabel("Message").press("Enter");
    expect((await received).text).toBe("back without a reload");
    await expect(page.getByRole("log")).toContainText("back without a reload");
    await expect(page.locator('[data-status="pending"]')).toHaveCount(0);
    await context.close();
  } finally {
    for (const member of members) member.disconnect();
    await server.stop();
  }
});
