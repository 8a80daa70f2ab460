import { isLoopbackAddress } from "@/lib/http/loopback";

describe("loopback addresses (who may read /metrics without a token)", () => {
  it.each(["127.0.0.1", "127.255.0.9", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1", "::ffff:7f00:1"])("%s is this host", (address) => {
    expect(isLoopbackAddress(address)).toBe(true);
  });

  it.each([
    "203.0.113.7",
    "10.0.0.1",
    "::ffff:10.0.0.1",
    "2001:db8::1",
    "fe80::1",
    "0.0.0.0",
    "::",
    // Spellings no socket or proxy writes, and what requestIp() answers without an address.
    "127.1",
    "0x7f000001",
    "[::1]",
    "127.0.0.1:80",
    "unknown",
    "",
  ])("%p is not", (address) => {
    expect(isLoopbackAddress(address)).toBe(false);
  });
});
