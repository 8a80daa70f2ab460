/** The HTTP half of the protocol, for the browser. */
import { ApiErrorSchema, CreateRoomResponseSchema, HistoryResponseSchema, type Message } from "../protocol";
import * as z from "zod/mini";
import { ApiRequestError } from "./refusals";

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

export async function createRoom(): Promise<string> {
  return (await request("/api/rooms", { method: "POST" }, CreateRoomResponseSchema)).code;
}

const HistoryPageSchema = z.extend(HistoryResponseSchema, { hasOlder: z.boolean() });

export async function fetchOlderMessages(code: string, before: number, limit: number): Promise<{ messages: Message[]; hasOlder: boolean }> {
  const params = new URLSearchParams({ before: String(before), limit: String(limit) });
  return request(`/api/rooms/${encodeURIComponent(code)}/messages?${params}`, { method: "GET" }, HistoryPageSchema);
}
