import { bearerAuthorized } from "@/lib/http/bearer";
import { requestIp } from "@/lib/http/client-ip";
import { isLoopbackAddress } from "@/lib/http/loopback";
import { getServices } from "@/lib/registry";

export const dynamic = "force-dynamic";

/**
 * GET /metrics -> this instance's metrics in Prometheus's text format (docs/deploy.md lists them).
 * With METRICS_TOKEN, to a request with that bearer token; without it, to this host only: the client's
 * address (server.ts records it, the forwarded one with TRUST_PROXY, so a proxy on this host does not
 * make every client local) must be a loopback address.
 */
export async function GET(request: Request): Promise<Response> {
  const { metrics, config } = getServices();
  if (config.metricsToken === null) {
    if (!isLoopbackAddress(requestIp(request.headers))) {
      return new Response("Metrics are served to this host only; set METRICS_TOKEN to scrape from elsewhere.\n", { status: 403 });
    }
  } else if (!bearerAuthorized(request.headers.get("authorization"), config.metricsToken)) {
    return new Response("A bearer token is required.\n", { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="metrics"' } });
  }
  const body = await metrics.registry.metrics();
  return new Response(body, { headers: { "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" } });
}
