import { errorResponse, withErrors } from "@/lib/http/errors";
import { HistoryQuerySchema, firstIssue, normalizeRoomCode } from "@/lib/protocol";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

/**
 * GET /api/rooms/{code}/messages?limit=N&before=SEQ -> 200 { messages, hasOlder }, oldest first;
 * ...?after=SEQ -> 200 { messages, hasMore }: the catch-up read, forward from a known seq.
 */
export async function GET(request: Request, { params }: { params: Promise<{ code: string }> }): Promise<Response> {
  const { rooms, logger } = await getServices();
  const code = normalizeRoomCode((await params).code);
  if (code === null) return errorResponse("room_not_found", "There is no room with that code.");
  const query = HistoryQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return errorResponse("invalid_payload", firstIssue(query.error));
  return withErrors(
    async () => {
      const { limit, before, after } = query.data;
      if (after !== undefined) return Response.json(await rooms.messagesAfter(code, after, limit));
      return Response.json(await rooms.history(code, { limit, before }));
    },
    (error) => logger.error({ err: error }, "GET /api/rooms/{code}/messages failed"),
  );
}
