import { withErrors } from "@/lib/http/errors";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

/** POST /api/rooms -> 201 { code }: a new room with a fresh code. */
export async function POST(): Promise<Response> {
  const { rooms, logger } = await getServices();
  return withErrors(
    async () => {
      const room = await rooms.createRoom();
      logger.info({ room: room.code }, "room created");
      return Response.json({ code: room.code }, { status: 201 });
    },
    (error) => logger.error({ err: error }, "POST /api/rooms failed"),
  );
}
