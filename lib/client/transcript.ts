/**
 * Downloading a room's transcript (issue 19). The file comes over fetch rather than a plain link
 * because the reader shows who it is (its member token) or the passphrase in headers (a URL would keep
 * them in logs and history);
 * the response becomes a Blob that a temporary link saves under the server's file name.
 */
import { ApiErrorSchema, type ApiError } from "../protocol";
import { readHeaders } from "./api";

export type TranscriptFormat = "md" | "json";

/** The file name from Content-Disposition's `filename=`, else one made of the code. */
function fileName(response: Response, code: string, format: TranscriptFormat): string {
  const named = /filename="?([^";]+)"?/i.exec(response.headers.get("content-disposition") ?? "")?.[1];
  return named ?? `room-${code}.${format}`;
}

async function refusalOf(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  const parsed = ApiErrorSchema.safeParse((body as { error?: unknown } | null)?.error);
  return parsed.success ? parsed.data : { code: "internal", message: `The server answered ${response.status}.` };
}

/** Saves the transcript as a file; resolves to null, or to why it could not be had. */
export async function downloadTranscript(code: string, format: TranscriptFormat): Promise<ApiError | null> {
  // Times in the Markdown are the reader's own: the server writes them in this zone.
  const params = new URLSearchParams({ format, tz: Intl.DateTimeFormat().resolvedOptions().timeZone });
  let response: Response;
  try {
    response = await fetch(`/api/rooms/${encodeURIComponent(code)}/transcript?${params}`, { headers: readHeaders(code) });
  } catch {
    return { code: "internal", message: "Could not reach the server. Check your connection." };
  }
  if (!response.ok) return refusalOf(response);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName(response, code, format);
  document.body.append(link);
  link.click();
  link.remove();
  // The click starts the download from the Blob; revoking at once can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return null;
}
