import { getServices } from "@/lib/registry";

export const dynamic = "force-dynamic";

/**
 * GET /healthz -> 200 once the server can serve and reach its database, 503 otherwise. Liveness only:
 * failing writes (a full disk) turn /readyz red, not this, since a restart frees no space and would
 * drop every reader still served from the history.
 */
export async function GET(): Promise<Response> {
  try {
    const { checks } = getServices();
    await checks.database?.();
    return Response.json({ status: "ok" });
  } catch {
    return Response.json({ status: "unavailable" }, { status: 503 });
  }
}
