import { requestIp } from "@/lib/http/client-ip";
import { withErrors } from "@/lib/http/errors";
import { lookUpRoom } from "@/lib/rooms/room-lookup";
import { getServices } from "@/lib/registry";

export const dynamic = "force-dynamic";

/**
 * GET /api/rooms/{code} -> 200 { code, lifetimeHours, expiresAt, locked, hasPassphrase } or 404
 * room_not_found. Any spelling of the code is accepted.
 */
export async function GET(request: Request, { params }: { params: Promise<{ code: string }> }): Promise<Response> {
  const { rooms, owner, limits, logger } = getServices();
  return withErrors(
    async () => {
      const code = await lookUpRoom(rooms, limits, requestIp(request.headers), (await params).code);
      // What the room shows its members, less who owns it and whom it removed: anyone with the code may ask.
      const { lifetimeHours, expiresAt, locked, hasPassphrase } = await owner.state(code);
      return Response.json({ code, lifetimeHours, expiresAt, locked, hasPassphrase });
    },
    (error) => logger.error({ err: error, requestId: request.headers.get("x-request-id") }, "GET /api/rooms/{code} failed"),
  );
}
