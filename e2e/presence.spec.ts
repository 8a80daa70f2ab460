/**
 * Presence that does not flap, in the browser: a short network drop shows the member as reconnecting
 * in the others' member list and announces nothing; neither does a reload, nor a restart of the server
 * (which this spec runs on a server of its own, since it stops it).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { Page } from "@playwright/test";
import { freePort } from "../tooling/free-port";
import { tempDir } from "../tooling/temp-dir";
import { expect, test, type People } from "./people";

const ROOT = path.resolve(__dirname, "..");

async function enter(people: People, name: string, code?: string, origin = ""): Promise<Page> {
  return (await people.enter(name, code, { origin })).page;
}

const roomCode = (page: Page) => page.url().split("/room/")[1] ?? "";
const memberEntry = (page: Page, name: string) => page.getByRole("complementary", { name: /Here now/ }).getByRole("listitem").filter({ hasText: name });

/** Every join or leave notice the page's log shows, in order. */
async function announcements(page: Page): Promise<string[]> {
  const log = (await page.getByRole("log").textContent()) ?? "";
  return log.match(/\S+ (joined|left) the room/g) ?? [];
}

test("a short network drop shows the member as reconnecting and announces nothing", async ({ people }) => {
  const ana = await enter(people, "Ana");
  const bob = await enter(people, "Bob", roomCode(ana));
  await expect(ana.getByRole("log")).toContainText("Bob joined the room");
  const before = await announcements(ana);

  await bob.context().setOffline(true);
  await expect(memberEntry(ana, "Bob")).toContainText("reconnecting");
  await bob.waitForTimeout(3_000);
  await bob.context().setOffline(false);
  await expect(memberEntry(ana, "Bob")).not.toContainText("reconnecting");
  await expect(ana.getByRole("complementary", { name: /Here now/ })).toContainText("Here now (2)");
  expect(await announcements(ana)).toEqual(before);
});

test("a reload announces nothing", async ({ people }) => {
  const ana = await enter(people, "Ana");
  const bob = await enter(people, "Bob", roomCode(ana));
  await expect(ana.getByRole("log")).toContainText("Bob joined the room");
  const before = await announcements(ana);

  await bob.reload();
  await expect(bob.getByRole("log")).toContainText("You joined the room");
  await expect(memberEntry(bob, "Ana")).toBeVisible();
  await expect(memberEntry(ana, "Bob")).not.toContainText("reconnecting");
  // Long enough for a join or leave notice to have come, were one sent.
  await ana.waitForTimeout(1_000);
  expect(await announcements(ana)).toEqual(before);
});

/** server.ts on a port of its own, with a database that outlives a restart. */
function ownServer(port: number, databaseFile: string): { stop(signal: NodeJS.Signals): Promise<void>; ready(): Promise<void> } {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: ROOT,
    stdio: "ignore",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", PORT: String(port), HOSTNAME: "127.0.0.1", DATABASE_URL: `file:${databaseFile}`, LOG_LEVEL: "warn" },
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    async ready() {
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 250))) {
        if (child.exitCode !== null) break;
        if (await fetch(`http://127.0.0.1:${port}/healthz`).then((response) => response.ok, () => false)) return;
      }
      throw new Error("the spec's server did not start");
    },
    async stop(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

for (const signal of ["SIGTERM", "SIGKILL"] as const) {
  test(`a server restart (${signal}) announces nobody`, async ({ people }) => {
    test.setTimeout(120_000);
    const port = await freePort();
    const data = tempDir("e2e-presence");
    const databaseFile = path.join(data.dir, "chat.db");
    let server = ownServer(port, databaseFile);
    try {
      await server.ready();
      const origin = `http://127.0.0.1:${port}`;
      const ana = await enter(people, "Ana", undefined, origin);
      const bob = await enter(people, "Bob", roomCode(ana), origin);
      await expect(ana.getByRole("log")).toContainText("Bob joined the room");
      // Who is present is recorded every half second (lib/rooms/presence-ledger.ts).
      await ana.waitForTimeout(1_000);
      const before = { ana: await announcements(ana), bob: await announcements(bob) };

      await server.stop(signal);
      server = ownServer(port, databaseFile);
      await server.ready();
      for (const [page, other] of [[ana, "Bob"], [bob, "Ana"]] as const) {
        await expect(page.getByText("Reconnecting…")).toHaveCount(0, { timeout: 20_000 });
        await expect(memberEntry(page, other)).toBeVisible();
        await expect(memberEntry(page, other)).not.toContainText("reconnecting");
      }
      await ana.waitForTimeout(1_000);
      expect(await announcements(ana)).toEqual(before.ana);
      expect(await announcements(bob)).toEqual(before.bob);
    } finally {
      await server.stop("SIGTERM");
      data.remove();
    }
  });
}
