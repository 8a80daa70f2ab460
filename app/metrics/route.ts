import { bearerAuthorized } from "@/lib/http/bearer";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

/** GET /metrics -> this instance's metrics in Prometheus's text format (docs/deploy.md lists them). */
export async function GET(request: Request): Promise<Response> {
  const { metrics, config } = await getServices();
  if (!bearerAuthorized(request.headers.get("authorization"), config.metricsToken)) {
    return new Response("A bearer token is required.\n", { status: 401, headers: { "WWW-Authenticate": 'Bearer realm="metrics"' } });
  }
  const body = await metrics.registry.metrics();
  return new Response(body, { headers: { "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" } });
}
