/** jsdom has no fetch Response: the part of one that lib/client reads, for tests that fake fetch (the edge). */
export function fakeResponse(body: unknown, { status = 200, headers = {} as Record<string, string> } = {}): Response {
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
    json: () => Promise.resolve(body),
    blob: () => Promise.resolve(new Blob([typeof body === "string" ? body : JSON.stringify(body)])),
  } as unknown as Response;
}
