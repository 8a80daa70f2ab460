import { errorResponse, withErrors } from "@/lib/http/errors";
import { normalizeRoomCode } from "@/lib/protocol";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

/** GET /api/rooms/{code} -> 200 { code } or 404 room_not_found. Any spelling of the code is accepted. */
export async function GET(_request: Request, { params }: { params: Promise<{ code: string }> }): Promise<Response> {
  const { rooms, logger } = await getServices();
  const code = normalizeRoomCode((await params).code);
  if (code === null) return errorResponse("room_not_found", "There is no room with that code.");
  return withErrors(
    async () => Response.json({ code: (await rooms.requireRoom(code)).code }),
    (error) => logger.error({ err: error }, "GET /api/rooms/{code} failed"),
  );
}
