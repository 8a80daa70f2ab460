/**
 * history (app only: the reference stores nothing): a room with 100,000 stored messages, then the
 * newest page and pages at random depths, read one request at a time over a keep-alive connection.
 * The targets are on the server-side time, from the app's Server-Timing header (request arrival to
 * response head, see lib/http/server-timing.ts); the loopback round-trip, which adds the HTTP stacks of
 * both ends, is reported next to it.
 */
import { Agent, request } from "node:http";
import path from "node:path";
import { createRooms } from "../addresses";
import { quantileOf } from "../histogram";
import { removeTempDir, tempDir } from "../processes";
import { below, type Figure, type Metrics, type ScenarioResult } from "../report";
import { openCpuWindow } from "../proc-stats";
import { startApp, type RunningServer } from "../servers";
import { RAISED_HISTORY_LIMITS, raisedLimitsNote, type ScenarioContext } from "./context";
import { seedHistory } from "./history-seed";
import { downloadTranscript } from "./transcript-download";

const PAGE = 50;
const WARM_UP_REQUESTS = 250;

interface Reading {
  ms: number;
  /** The server's own time, from `Server-Timing: app;dur=...`; NaN if the header is missing. */
  serverMs: number;
  ok: boolean;
}

function serverTiming(header: string | string[] | undefined): number {
  const match = /(?:^|,)\s*app;dur=([\d.]+)/.exec(String(header ?? ""));
  return match === null ? Number.NaN : Number(match[1]);
}

function timedGet(url: string, agent: Agent): Promise<Reading> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { agent, localAddress: "127.0.0.2" }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const ms = performance.now() - started;
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { messages?: unknown[] };
        const serverMs = serverTiming(response.headers["server-timing"]);
        resolve({ ms, serverMs, ok: response.statusCode === 200 && body.messages?.length === PAGE && !Number.isNaN(serverMs) });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

interface Pages {
  newest: number[];
  older: number[];
  newestRoundTrip: number[];
  olderRoundTrip: number[];
  errors: number;
}

/** `count` newest pages and `count` older ones, alternating, so that both kinds see the same conditions. */
async function readPages(count: number, urls: { newest(): string; older(): string }, agent: Agent): Promise<Pages> {
  const pages: Pages = { newest: [], older: [], newestRoundTrip: [], olderRoundTrip: [], errors: 0 };
  for (let i = 0; i < 2 * count; i += 1) {
    const kind = i % 2 === 0 ? "newest" : "older";
    const reading = await timedGet(urls[kind](), agent);
    pages[kind].push(reading.serverMs);
    pages[`${kind}RoundTrip`].push(reading.ms);
    if (!reading.ok) pages.errors += 1;
  }
  return pages;
}

function latencyStats(prefix: string, times: number[]): Metrics {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    [`${prefix}P50`]: quantileOf(sorted, 0.5),
    [`${prefix}P95`]: quantileOf(sorted, 0.95),
    [`${prefix}P99`]: quantileOf(sorted, 0.99),
    [`${prefix}Max`]: sorted.at(-1) ?? null,
  };
}

async function measure(server: RunningServer, code: string, ctx: ScenarioContext): Promise<Metrics> {
  const { rows, requests } = ctx.params;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const base = `${server.url}/api/rooms/${code}/messages`;
  const urls = {
    newest: () => `${base}?limit=${PAGE}`,
    // Any depth that still has a full page before it.
    older: () => `${base}?before=${PAGE + 1 + Math.floor(Math.random() * (rows - PAGE))}&limit=${PAGE}`,
  };
  try {
    await readPages(WARM_UP_REQUESTS, urls, agent);
    const started = performance.now();
    const closeWindow = openCpuWindow([server.pid]);
    const pages = await readPages(requests, urls, agent);
    const cpu = closeWindow();
    const seconds = (performance.now() - started) / 1000;
    const otherCpuPct = (Math.max(0, cpu.machineS - cpu.serverS - cpu.selfS) / seconds) * 100;
    return {
      ...latencyStats("newest", pages.newest),
      ...latencyStats("older", pages.older),
      ...latencyStats("newestRoundTrip", pages.newestRoundTrip),
      ...latencyStats("olderRoundTrip", pages.olderRoundTrip),
      errors: pages.errors,
      otherCpuPct,
    };
  } finally {
    agent.destroy();
  }
}

const FIGURES: Figure[] = [
  { key: "rows", label: "messages stored in the room" },
  { key: "seedS", label: "bulk insert, one transaction (s)", digits: 2 },
  { key: "newestP50", label: "newest page, server p50 (ms)", digits: 2 },
  { key: "newestP95", label: "newest page, server p95 (ms)", digits: 2 },
  { key: "newestP99", label: "newest page, server p99 (ms)", digits: 2, target: below(5, "ms") },
  { key: "newestMax", label: "newest page, server max (ms)", digits: 2 },
  { key: "olderP50", label: "older page, server p50 (ms)", digits: 2 },
  { key: "olderP95", label: "older page, server p95 (ms)", digits: 2 },
  { key: "olderP99", label: "older page, server p99 (ms)", digits: 2, target: below(10, "ms") },
  { key: "olderMax", label: "older page, server max (ms)", digits: 2 },
  { key: "newestRoundTripP50", label: "newest page, round trip p50 (ms)", digits: 2 },
  { key: "newestRoundTripP99", label: "newest page, round trip p99 (ms)", digits: 2 },
  { key: "olderRoundTripP50", label: "older page, round trip p50 (ms)", digits: 2 },
  { key: "olderRoundTripP99", label: "older page, round trip p99 (ms)", digits: 2 },
  { key: "errors", label: "failed or short pages" },
  { key: "transcriptMb", label: "JSON transcript of the whole room (MB)", digits: 1 },
  { key: "transcriptS", label: "transcript download (s)", digits: 2 },
  { key: "transcriptRssGrowthMb", label: "server RSS growth during the download (MB)", digits: 1, target: below(64, "MB") },
  { key: "transcriptMissing", label: "messages missing from the transcript" },
  { key: "otherCpuPct", label: "other processes' CPU (% of a core)" },
];

export async function runHistory(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { rows, requests } = ctx.params;
  const dir = tempDir("history");
  const databaseFile = path.join(dir, "chat.db");
  try {
    ctx.log("  app: first start, to migrate the database and create the room");
    const first = await startApp({ DATABASE_URL: `file:${databaseFile}` });
    const [code] = await createRooms(first.url, 1);
    await first.stop();
    ctx.log(`  inserting ${rows} messages into ${code}`);
    const seedMs = seedHistory(databaseFile, code!, rows);
    const app = await startApp({ DATABASE_URL: `file:${databaseFile}`, ...RAISED_HISTORY_LIMITS }, ctx.appNodeArgs);
    try {
      const metrics: Metrics = { rows, seedS: seedMs / 1000, ...(await measure(app, code!, ctx)), ...(await downloadTranscript(app, code!, rows)) };
      return {
        name: "history",
        summary: `1 room with ${rows} stored messages; ${requests} newest pages and ${requests} pages at random depths (limit=${PAGE}), alternating, one at a time; then the whole room's JSON transcript`,
        params: ctx.params,
        notes: [
          "app only (the reference stores nothing, so no ratio)",
          raisedLimitsNote(RAISED_HISTORY_LIMITS, "the per-address history page limit"),
          "server: the app's Server-Timing (request arrival to response head); round trip: measured by the client on loopback with keep-alive",
          ...((metrics.otherCpuPct ?? 0) >= 20 ? [`NOISY: other processes used ${Math.round(metrics.otherCpuPct ?? 0)}% of a core meanwhile`] : []),
        ],
        figures: FIGURES,
        app: metrics,
        reference: null,
        failures: [
          ...(ctx.quick && metrics.errors !== 0 ? [`app: ${metrics.errors} history request(s) failed or returned a short page`] : []),
          ...(metrics.transcriptMissing !== 0 ? [`app: the transcript lacks ${metrics.transcriptMissing} of ${rows} messages`] : []),
        ],
      };
    } finally {
      await app.stop();
    }
  } finally {
    removeTempDir(dir);
  }
}
