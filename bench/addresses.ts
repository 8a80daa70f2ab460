/**
 * The app limits every client address (MAX_CONNECTIONS_PER_IP, RATE_JOINS_PER_MINUTE,
 * RATE_ROOMS_PER_HOUR), and the benchmark keeps those limits at their defaults. So its clients come
 * from many loopback addresses: Linux routes all of 127.0.0.0/8 to the loopback interface, and each
 * client binds its source address with `localAddress`.
 */
import { request } from "node:http";

const FIRST_HOST = 2;
const LAST_HOST = 254;
/** Below MAX_CONNECTIONS_PER_IP (50), and 40 handshakes stay well below RATE_JOINS_PER_MINUTE (120). */
export const SOCKETS_PER_ADDRESS = 40;
export const MAX_CLIENTS = (LAST_HOST - FIRST_HOST + 1) * SOCKETS_PER_ADDRESS;

/** The source address of the index-th client of a run. */
export function clientAddress(index: number): string {
  const host = FIRST_HOST + Math.floor(index / SOCKETS_PER_ADDRESS);
  if (host > LAST_HOST) throw new Error(`at most ${MAX_CLIENTS} clients: ${LAST_HOST - FIRST_HOST + 1} addresses x ${SOCKETS_PER_ADDRESS}`);
  return `127.0.0.${host}`;
}

/** Rooms are created from one address after another: a handful per address, far below 30 an hour. */
function roomCreatorAddress(index: number): string {
  return `127.0.0.${FIRST_HOST + (index % (LAST_HOST - FIRST_HOST + 1))}`;
}

function postRoom(url: string, localAddress: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/rooms`, { method: "POST", localAddress, timeout: 10_000 }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        if (response.statusCode !== 201) return reject(new Error(`POST /api/rooms from ${localAddress}: ${response.statusCode} ${body}`));
        resolve((JSON.parse(body) as { code: string }).code);
      });
    });
    req.on("timeout", () => req.destroy(new Error("POST /api/rooms timed out")));
    req.on("error", reject);
    req.end();
  });
}

/** Creates `count` rooms through POST /api/rooms, a few at a time. */
export async function createRooms(url: string, count: number): Promise<string[]> {
  const codes: string[] = [];
  for (let start = 0; start < count; start += 10) {
    const batch = Array.from({ length: Math.min(10, count - start) }, (_, i) => postRoom(url, roomCreatorAddress(start + i)));
    codes.push(...(await Promise.all(batch)));
  }
  return codes;
}
