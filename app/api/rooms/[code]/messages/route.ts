import { requestIp } from "@/lib/http/client-ip";
import { errorResponse, withErrors } from "@/lib/http/errors";
import { lookUpRoom } from "@/lib/rooms/room-lookup";
import { HistoryQuerySchema, firstIssue } from "@/lib/protocol";
import { getServices } from "@/lib/registry";

export const dynamic = "force-dynamic";

/**
 * GET /api/rooms/{code}/messages?limit=N&before=SEQ -> 200 { messages, hasOlder }, oldest first;
 * ...?after=SEQ -> 200 { messages, hasMore }: the catch-up read, forward from a known seq.
 */
export async function GET(request: Request, { params }: { params: Promise<{ code: string }> }): Promise<Response> {
  const { rooms, limits, logger } = getServices();
  const query = HistoryQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) return errorResponse("invalid_payload", firstIssue(query.error));
  return withErrors(
    async () => {
      const ip = requestIp(request.headers);
      const code = await lookUpRoom(rooms, limits, ip, (await params).code);
      await limits.historyPage(null, ip);
      const { limit, before, after } = query.data;
      if (after !== undefined) return Response.json(await rooms.messagesAfter(code, after, limit));
      return Response.json(await rooms.history(code, { limit, before }));
    },
    (error) => logger.error({ err: error, requestId: request.headers.get("x-request-id") }, "GET /api/rooms/{code}/messages failed"),
  );
}
