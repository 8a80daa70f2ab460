import { requestIp } from "@/lib/http/client-ip";
import { withErrors } from "@/lib/http/errors";
import { getServices } from "@/lib/registry";

export const dynamic = "force-dynamic";

/** POST /api/rooms -> 201 { code }: a new room with a fresh code. No body is read. */
export async function POST(request: Request): Promise<Response> {
  const { rooms, limits, logger } = getServices();
  const requestId = request.headers.get("x-request-id");
  return withErrors(
    async () => {
      await limits.roomCreation(requestIp(request.headers));
      const room = await rooms.createRoom();
      logger.info({ room: room.code, requestId }, "room created");
      return Response.json({ code: room.code }, { status: 201 });
    },
    (error) => logger.error({ err: error, requestId }, "POST /api/rooms failed"),
  );
}
