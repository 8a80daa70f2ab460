import ipaddr from "ipaddr.js";

/**
 * True for an address on this host's loopback: 127.0.0.0/8, ::1, and IPv4-mapped ::ffff:127.x.x.x
 * (how a dual-stack socket reports an IPv4 peer). Anything else is not, "unknown" included, and so
 * are the legacy IPv4 spellings ipaddr.js also accepts ("127.1", "0x7f000001"): this decides who may
 * read operational data, and no socket or proxy writes an address that way, so doubt means no.
 */
export function isLoopbackAddress(address: string): boolean {
  if (!ipaddr.IPv4.isValidFourPartDecimal(address) && !ipaddr.IPv6.isValid(address)) return false;
  // process() turns an IPv4-mapped IPv6 address into the IPv4 address it carries.
  return ipaddr.process(address).range() === "loopback";
}
