/** The HTTP half of the protocol, for the browser. */
import { ApiErrorSchema, CreateRoomResponseSchema, HistoryResponseSchema, RoomResponseSchema, type CreateRoomRequest, type Message, type RoomInfo } from "../protocol";
import * as z from "zod/mini";
import { ApiRequestError } from "./refusals";
import { memberToken } from "./member-token";
import { passphraseHeader, saveOwnerKey, savePassphrase } from "./room-keys";

const ErrorBodySchema = z.object({ error: ApiErrorSchema });

async function request<T>(url: string, init: RequestInit, schema: z.ZodMiniType<T>): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, headers: { accept: "application/json", ...init.headers } });
  } catch {
    throw new ApiRequestError({ code: "internal", message: "Could not reach the server. Check your connection." });
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = ErrorBodySchema.safeParse(body);
    throw new ApiRequestError(parsed.success ? parsed.data.error : { code: "internal", message: `The server answered ${response.status}.` });
  }
  return schema.parse(body);
}

/**
 * Creates a room and returns its code. The owner key is answered this once, so it is kept here, before
 * anything else can fail; the creator's passphrase too, for this tab's transcript downloads.
 */
export async function createRoom(options: CreateRoomRequest = {}): Promise<string> {
  const init = { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(options) };
  const { code, ownerKey } = await request("/api/rooms", init, CreateRoomResponseSchema);
  saveOwnerKey(code, ownerKey);
  if (typeof options.passphrase === "string" && options.passphrase !== "") savePassphrase(code, options.passphrase);
  return code;
}

/** What anyone with the code may know before joining: whether it asks for a passphrase, is locked. */
export async function fetchRoomInfo(code: string): Promise<RoomInfo> {
  return request(`/api/rooms/${encodeURIComponent(code)}`, { method: "GET" }, RoomResponseSchema);
}

/**
 * What a read of a room's messages brings (history pages, transcripts): this browser's member token, by
 * which a member of the room reads it whatever its lock and passphrase, and the passphrase if this tab
 * has one (for a reader who is not, or not yet, a member).
 */
export function readHeaders(code: string): Record<string, string> {
  return { "x-member-token": memberToken(), ...passphraseHeader(code) };
}

const HistoryPageSchema = z.extend(HistoryResponseSchema, { hasOlder: z.boolean() });

export async function fetchOlderMessages(code: string, before: number, limit: number): Promise<{ messages: Message[]; hasOlder: boolean }> {
  const params = new URLSearchParams({ before: String(before), limit: String(limit) });
  return request(`/api/rooms/${encodeURIComponent(code)}/messages?${params}`, { method: "GET", headers: readHeaders(code) }, HistoryPageSchema);
}
