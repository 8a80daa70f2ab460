import { getServices } from "@/lib/registry";
import { checkReadiness } from "@/lib/readiness";

export const dynamic = "force-dynamic";

/**
 * GET /readyz -> 200 { status: "ok", checks: { database: "ok", ... } } when every backing service
 * answers within a second; 503 naming the check that failed or timed out, or while shutting down.
 */
export async function GET(): Promise<Response> {
  const headers = { "Cache-Control": "no-store" };
  try {
    const { checks, lifecycle } = getServices();
    const readiness = await checkReadiness(checks, lifecycle);
    return Response.json(readiness, { status: readiness.status === "ok" ? 200 : 503, headers });
  } catch {
    return Response.json({ status: "unavailable", checks: {} }, { status: 503, headers });
  }
}
