import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";
import type { Config } from "../config";

/** The header server.ts sets for the Next.js routes; any value a client sent is replaced. */
export const CLIENT_IP_HEADER = "x-roomchat-client-ip";

/** What decides a client's address: how many proxies to believe, and how wide an IPv6 client is. */
export type AddressOptions = Pick<Config, "trustProxy" | "ipv6PrefixLength">;

/**
 * The client's address as every per-address limit counts it (see addressKey): the socket's peer, or
 * with TRUST_PROXY=N the Nth X-Forwarded-For entry from the right. Each proxy appends the address it
 * received the request from, so the entries to the left of those N are whatever the client itself
 * sent, and anyone can send anything: an AWS load balancer, for one, appends to a forged header rather
 * than replacing it. With fewer entries than proxies the leftmost is the best there is.
 *
 * An entry that is no address (garbage, "unknown", empty) falls back to the peer, which is then the
 * nearest proxy: kept as it was, it would be a budget of its own, and a client who can put text there
 * would get a fresh budget with every new string.
 */
export function clientIp(request: IncomingMessage, options: AddressOptions): string {
  const forwarded = options.trustProxy > 0 ? forwardedEntry(request, options.trustProxy) : undefined;
  const fromProxy = forwarded === undefined ? null : addressKey(forwarded, options.ipv6PrefixLength);
  return fromProxy ?? addressKey(request.socket.remoteAddress ?? "", options.ipv6PrefixLength) ?? "unknown";
}

function forwardedEntry(request: IncomingMessage, trustProxy: number): string | undefined {
  const forwarded = request.headers["x-forwarded-for"];
  if (forwarded === undefined) return undefined;
  // Empty entries keep their place: dropping them would shift the count of proxies toward the left,
  // where the client writes.
  const entries = (Array.isArray(forwarded) ? forwarded.join(",") : forwarded).split(",");
  return entries[Math.max(0, entries.length - trustProxy)];
}

/**
 * The one spelling of an address that limits count by, or null if the text is no address.
 * IPv4 is itself (`1.2.3.4`), also when written as IPv4-mapped IPv6 (`::ffff:1.2.3.4`, `::ffff:102:304`)
 * or with a port (`1.2.3.4:5678`). IPv6, in any spelling (`[...]:port`, upper case, leading zeros, a
 * zone id), is its network of `ipv6PrefixLength` bits in RFC 5952 form, `2001:db8:1:2::/64`: one
 * subscriber usually holds a whole /64 and may use any address in it, so a budget per address would be
 * 2^64 budgets. IPv4 other than four plain decimals (`010.0.0.1` is octal to some parsers, `127.1`,
 * `2130706433`) is refused: no proxy writes it, and readers disagree about what it means.
 */
export function addressKey(text: string, ipv6PrefixLength: number): string | null {
  const host = withoutPort(text.trim());
  if (ipaddr.IPv4.isValidFourPartDecimal(host)) return ipaddr.IPv4.parse(host).toString();
  if (!ipaddr.IPv6.isValid(host)) return null;
  const address = ipaddr.IPv6.parse(host);
  if (address.isIPv4MappedAddress()) return address.toIPv4Address().toString();
  // ::1 is this host, one address, not a subscriber's network: /metrics recognises it (lib/http/loopback.ts).
  if (address.range() === "loopback") return address.toString();
  const mask = ipaddr.IPv6.subnetMaskFromPrefixLength(ipv6PrefixLength).toByteArray();
  // Built from bytes, the network has no zone id: fe80::1%eth0 and fe80::1%eth1 are one client.
  const network = ipaddr.fromByteArray(address.toByteArray().map((byte, i) => byte & (mask[i] ?? 0)));
  return `${network.toString()}/${ipv6PrefixLength}`;
}

/** `[v6]:port`, `[v6]` and `v4:port` without the brackets and the port; anything else as it is. */
function withoutPort(text: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d{1,5})?$/.exec(text);
  if (bracketed !== null) return bracketed[1] ?? "";
  return /^([\d.]+):\d{1,5}$/.exec(text)?.[1] ?? text;
}

/** The address server.ts recorded for a request a route handler or page is serving. */
export function requestIp(headers: Pick<Headers, "get">): string {
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}
