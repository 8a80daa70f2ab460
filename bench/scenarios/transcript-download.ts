/**
 * Part of the history scenario (issue 19): the 100,000-message room downloaded whole as its JSON
 * transcript (GET /api/rooms/{code}/transcript?format=json), with the server's resident memory sampled
 * meanwhile. The route streams a page at a time, so the server's memory must not grow with the room:
 * the target is on the growth, which a server that built the file first would exceed several times
 * over (__tests__/integration/transcript-memory.test.ts measured 146 MB for this room).
 */
import { request } from "node:http";
import { sampleRss, rssMb } from "../proc-stats";
import type { Metrics } from "../report";
import type { RunningServer } from "../servers";

export async function downloadTranscript(server: RunningServer, code: string, rows: number): Promise<Metrics> {
  const before = rssMb([server.pid]);
  const sampler = sampleRss([server.pid], 50);
  const started = performance.now();
  try {
    const body = await new Promise<{ status: number; bytes: Buffer }>((resolve, reject) => {
      const req = request(`${server.url}/api/rooms/${code}/transcript?format=json`, { localAddress: "127.0.0.2" }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, bytes: Buffer.concat(chunks) }));
        response.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    });
    const seconds = (performance.now() - started) / 1000;
    const peak = sampler.peakMb();
    const messages = body.status === 200 ? ((JSON.parse(body.bytes.toString("utf8")) as { messages: unknown[] }).messages.length) : 0;
    return {
      transcriptMb: body.bytes.length / 1024 / 1024,
      transcriptS: seconds,
      transcriptRssGrowthMb: peak - before,
      transcriptMissing: rows - messages,
    };
  } finally {
    sampler.stop();
  }
}
