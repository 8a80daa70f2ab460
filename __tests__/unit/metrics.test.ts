import { performance } from "node:perf_hooks";
import { loadConfig } from "@/lib/config";
import { countRefusals } from "@/lib/limits/count-refusals";
import { createRateLimits } from "@/lib/limits/rate-limits";
import { createMetrics, type Metrics } from "@/lib/metrics";

async function values(metrics: Metrics, name: string) {
  const metric = metrics.registry.getSingleMetric(name);
  if (metric === undefined) throw new Error(`no metric ${name}`);
  return (await metric.get()).values;
}

describe("metrics", () => {
  it("counts stored messages and times acks by outcome", async () => {
    const metrics = createMetrics();
    metrics.messageStored();
    metrics.messageStored();
    metrics.ackSent(performance.now() - 3, "ok");
    metrics.ackSent(performance.now(), "error");

    expect(await values(metrics, "roomchat_messages_stored_total")).toEqual([expect.objectContaining({ value: 2 })]);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/^roomchat_message_ack_seconds_count\{outcome="ok"\} 1$/m);
    expect(text).toMatch(/^roomchat_message_ack_seconds_count\{outcome="error"\} 1$/m);
    // 3 ms lands above the 2.5 ms bucket and within the 5 ms one.
    expect(text).toMatch(/^roomchat_message_ack_seconds_bucket\{le="0.0025",outcome="ok"\} 0$/m);
    expect(text).toMatch(/^roomchat_message_ack_seconds_bucket\{le="0.005",outcome="ok"\} 1$/m);
  });

  it("reads the connection and room gauges from the realtime server at scrape time", async () => {
    const metrics = createMetrics();
    expect(await values(metrics, "roomchat_connections")).toEqual([expect.objectContaining({ value: 0 })]);
    let connections = 3;
    metrics.observeRealtime({ connections: () => connections, rooms: () => 2 });
    connections = 5;
    expect(await values(metrics, "roomchat_connections")).toEqual([expect.objectContaining({ value: 5 })]);
    expect(await values(metrics, "roomchat_rooms_active")).toEqual([expect.objectContaining({ value: 2 })]);
  });

  it("exposes Prometheus text with the runtime defaults, event-loop lag among them", async () => {
    const text = await createMetrics().registry.metrics();
    expect(text).toContain("# TYPE roomchat_messages_stored_total counter");
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    // Each registry is its own: nothing from another instance's counters.
    expect(text).toMatch(/^roomchat_messages_stored_total 0$/m);
  });

  it("counts each rate-limit refusal under its limit, and passes the refusal on", async () => {
    const metrics = createMetrics();
    const limits = countRefusals(createRateLimits({ ...loadConfig({}).limits, roomsPerHour: 1, floodDisconnectAfter: 1 }), metrics);
    await limits.roomCreation("10.0.0.1");
    await expect(limits.roomCreation("10.0.0.1")).rejects.toMatchObject({ code: "rate_limited" });
    expect(await limits.floodStrike("socket-1")).toBe(false);
    expect(await limits.floodStrike("socket-1")).toBe(true);

    const refusals = await values(metrics, "roomchat_rate_limit_refusals_total");
    const byLimit = Object.fromEntries(refusals.map((v) => [v.labels.limit, v.value]));
    expect(byLimit).toMatchObject({ rooms: 1, flood_disconnect: 1, messages: 0, joins: 0, bad_codes: 0 });
  });
});
