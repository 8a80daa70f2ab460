import { DomainError } from "@/lib/errors";
import { requestIp } from "@/lib/http/client-ip";
import { withErrors } from "@/lib/http/errors";
import { CreateRoomRequestSchema, firstIssue, type CreateRoomRequest } from "@/lib/protocol";
import { getServices } from "@/lib/registry";

export const dynamic = "force-dynamic";

/** More than any valid body (a lifetime and a passphrase of 256 characters) could need. */
const BODY_MAX_BYTES = 4_096;

/** The creator's choices: an empty body chooses nothing; anything else must be the JSON the protocol describes. */
async function readChoices(request: Request): Promise<CreateRoomRequest> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > BODY_MAX_BYTES) throw new DomainError("invalid_payload", "The request body is too large.");
  const text = await request.text();
  if (Buffer.byteLength(text) > BODY_MAX_BYTES) throw new DomainError("invalid_payload", "The request body is too large.");
  if (text.trim() === "") return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new DomainError("invalid_payload", "The request body is not JSON.");
  }
  const parsed = CreateRoomRequestSchema.safeParse(body);
  if (!parsed.success) throw new DomainError("invalid_payload", firstIssue(parsed.error));
  return parsed.data;
}

/**
 * POST /api/rooms { lifetimeHours?, passphrase? } -> 201 { code, ownerKey, lifetimeHours }: a new room
 * with a fresh code, owned by whoever holds `ownerKey` (shown this once).
 */
export async function POST(request: Request): Promise<Response> {
  const { rooms, limits, logger } = getServices();
  const requestId = request.headers.get("x-request-id");
  return withErrors(
    async () => {
      await limits.roomCreation(requestIp(request.headers));
      const choices = await readChoices(request);
      const room = await rooms.createRoom(choices);
      logger.info({ room: room.code, requestId, lifetimeHours: room.lifetimeHours, passphrase: Boolean(choices.passphrase) }, "room created");
      return Response.json({ code: room.code, ownerKey: room.ownerKey, lifetimeHours: room.lifetimeHours }, { status: 201, headers: { "cache-control": "no-store" } });
    },
    (error) => logger.error({ err: error, requestId }, "POST /api/rooms failed"),
  );
}
