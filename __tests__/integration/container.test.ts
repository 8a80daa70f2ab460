/**
 * What the Dockerfile runs, proved without Docker (there is no engine on these machines): its build
 * stage uses the project's own install and build commands, and its runtime stage, given only the files
 * it copies, the environment it sets and the command it runs, serves the app, passes its HEALTHCHECK,
 * and stops cleanly on SIGTERM with the data kept on the volume.
 */
import { execFile } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { copies, env, execForm, args, readDockerfile, scriptCommands, stage, type Copy } from "../../tooling/dockerfile";
import type { Ack, Message } from "@/lib/protocol";
import { createRoom, freePort, join, launchServer, tempDir, type ServerEnv } from "./harness";

const ROOT = path.resolve(__dirname, "../..");
const stages = readDockerfile(path.join(ROOT, "Dockerfile"));
const build = stage(stages, "build");
const runtime = stage(stages, "runtime");
const scripts = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

/** The image's WORKDIR, where the build stage has the repository (COPY . .) and the runtime the app. */
const workdir = (of: typeof build) => {
  const dirs = args(of, "WORKDIR");
  if (dirs.length !== 1) throw new Error(`expected one WORKDIR in stage ${of.name}`);
  return dirs[0]!;
};

/** The top-level packages that `npm prune --omit=dev` keeps: the lockfile marks the others dev. */
function productionPackages(): string[] {
  const lock = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean }> };
  return Object.entries(lock.packages)
    .filter(([key, entry]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(key) && entry.dev !== true)
    .map(([key]) => key.slice("node_modules/".length))
    .filter((name) => existsSync(path.join(ROOT, "node_modules", name)));
}

/**
 * Lays out what the runtime stage copies from the build stage. The 600 MB of dependencies and the
 * .next build are linked rather than copied; the server runs with --preserve-symlinks so that modules
 * resolve inside this layout, where only the production packages are linked.
 */
function layOut(copy: Copy, appDir: string): void {
  if (copy.from !== "build") throw new Error(`the runtime stage copies from ${copy.from ?? "the context"}, not the build stage`);
  const into = copy.destination.endsWith("/") || copy.sources.length > 1;
  for (const source of copy.sources) {
    const from = path.join(ROOT, path.relative(workdir(build), source));
    const to = path.join(appDir, path.relative(workdir(runtime), path.resolve(workdir(runtime), copy.destination)), into ? path.basename(source) : "");
    mkdirSync(path.dirname(to), { recursive: true });
    if (path.basename(from) === "node_modules") {
      for (const name of productionPackages()) {
        mkdirSync(path.dirname(path.join(to, name)), { recursive: true });
        symlinkSync(path.join(from, name), path.join(to, name));
      }
    } else if (path.basename(from) === ".next") symlinkSync(from, to);
    else if (statSync(from).isDirectory()) cpSync(from, to, { recursive: true });
    else copyFileSync(from, to);
  }
}

function run(argv: string[], options: { cwd: string; env: ServerEnv }): Promise<number> {
  const [command, ...rest] = argv;
  return new Promise((resolve) => {
    const env = options.env as NodeJS.ProcessEnv;
    execFile(command === "node" ? process.execPath : command!, rest, { cwd: options.cwd, env, timeout: 10_000 }, (error) =>
      resolve(error === null ? 0 : typeof error.code === "number" ? error.code : 1),
    );
  });
}

describe("the container (Dockerfile)", () => {
  it("builds with the project's install and build commands, and starts with `npm start`'s command", () => {
    // `npm run setup` is how a fresh checkout is installed and built; the build stage runs the same steps.
    const runs = args(build, "RUN");
    const steps = scriptCommands(scripts.setup!).map((command) => command.argv.join(" "));
    const positions = steps.map((step) => runs.findIndex((line) => line === step || line.startsWith(`${step} `)));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));

    const [start, ...more] = scriptCommands(scripts.start!);
    expect(more).toEqual([]);
    expect(execForm(args(runtime, "CMD").at(-1)!)).toEqual(start!.argv);
    expect(env(runtime)).toMatchObject(start!.env);
  });

  it("runs as a non-root user, keeps its database on the volume, and checks its health", () => {
    expect(args(runtime, "USER").at(-1)).toMatch(/^(?!root$|0$)\S+$/);
    const volume = args(runtime, "VOLUME");
    expect(volume).toEqual(["/data"]);
    expect(env(runtime).DATABASE_URL).toBe("file:/data/chat.db");
    expect(args(runtime, "EXPOSE")).toEqual([env(runtime).PORT]);
    expect(args(runtime, "HEALTHCHECK")).toHaveLength(1);
  });

  describe("its runtime stage, run from only the files it copies", () => {
    const tmp = tempDir("container");
    const appDir = path.join(tmp.dir, "app");
    const volumeDir = path.join(tmp.dir, "data");
    afterAll(() => tmp.remove());

    it("serves the app, passes its HEALTHCHECK and stops on SIGTERM with the data kept", async () => {
      for (const copy of copies(runtime)) layOut(copy, appDir);
      const port = String(await freePort());
      const image = env(runtime);
      // The image's environment, except where the test machine differs: a free port on loopback, and
      // the volume's mount point (/data) mapped to a temporary directory.
      const environment: ServerEnv = {
        PATH: process.env.PATH,
        HOME: tmp.dir,
        ...image,
        PORT: port,
        HOSTNAME: "127.0.0.1",
        DATABASE_URL: image.DATABASE_URL!.replace("file:/data/", `file:${volumeDir}/`),
        NODE_OPTIONS: "--preserve-symlinks",
      };
      const healthcheck = execForm(args(runtime, "HEALTHCHECK")[0]!);
      const [command, ...commandArgs] = execForm(args(runtime, "CMD").at(-1)!);
      expect(command).toBe("node");
      expect(await run(healthcheck, { cwd: appDir, env: environment })).toBe(1); // nothing listening yet

      const server = await launchServer(process.execPath, commandArgs, { cwd: appDir, env: environment });
      try {
        const code = await createRoom(server.url);
        const page = await fetch(`${server.url}/room/${code}`);
        expect(page.status).toBe(200);
        // The page's scripts come from .next/static, which the image must carry too.
        const script = /src="(\/_next\/static\/[^"]+\.js)"/.exec(await page.text())?.[1];
        expect((await fetch(`${server.url}${script ?? "/_next/static/missing.js"}`)).status).toBe(200);
        expect(await run(healthcheck, { cwd: appDir, env: environment })).toBe(0);
        // A message is stored, so the image carries the database driver and can write to its volume.
        const ana = await join(server.url, { code, name: "Ana" });
        const sent = (await ana.socket.emitWithAck("message:send", { text: "kept", clientId: "3f1f0d1e-8c1a-4c59-9a52-5b0a8d3c2e11" })) as Ack<Message>;
        expect(sent).toMatchObject({ ok: true, data: { seq: 1, text: "kept" } });
        ana.socket.close();

        expect(await server.stop("SIGTERM")).toBe(0);
        const database = new Database(path.join(volumeDir, "chat.db"), { readonly: true });
        try {
          expect(database.prepare("SELECT code FROM rooms").all()).toEqual([{ code }]);
          expect(database.prepare("SELECT text FROM messages").all()).toEqual([{ text: "kept" }]);
        } finally {
          database.close();
        }
        expect(await run(healthcheck, { cwd: appDir, env: environment })).toBe(1);
      } finally {
        await server.stop("SIGKILL");
      }
    });
  });
});
