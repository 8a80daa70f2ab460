import type { IncomingMessage } from "node:http";
import { loadConfig } from "@/lib/config";
import { addressKey, clientIp } from "@/lib/http/client-ip";

/** `peer` null: the socket has closed, and Node reports no remote address. */
function request(forwardedFor?: string | string[], peer: string | null = "10.0.0.9"): IncomingMessage {
  const headers = forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor };
  return { headers, socket: { remoteAddress: peer ?? undefined } } as unknown as IncomingMessage;
}

const proxies = (trustProxy: number) => ({ trustProxy, ipv6PrefixLength: 64 });
const key = (text: string) => addressKey(text, 64);

describe("the client's address", () => {
  it("is the TCP peer unless proxies are trusted, whatever the client claims", () => {
    expect(clientIp(request("203.0.113.7"), proxies(0))).toBe("10.0.0.9");
  });

  it("is the entry the trusted proxies appended, not one the client forged in front of it", () => {
    // The client sent "X-Forwarded-For: 198.51.100.66"; one proxy (nginx) appended what it saw.
    expect(clientIp(request("198.51.100.66, 203.0.113.7"), proxies(1))).toBe("203.0.113.7");
    // Two proxies (a load balancer, then nginx on the instance) each appended their peer.
    expect(clientIp(request("198.51.100.66, 203.0.113.7, 10.0.1.5"), proxies(2))).toBe("203.0.113.7");
    expect(clientIp(request(["198.51.100.66", "203.0.113.7"]), proxies(1))).toBe("203.0.113.7");
  });

  it("falls back to the leftmost entry, then to the peer, when the header is short or missing", () => {
    expect(clientIp(request("203.0.113.7"), proxies(2))).toBe("203.0.113.7");
    expect(clientIp(request(" , "), proxies(1))).toBe("10.0.0.9");
    expect(clientIp(request(), proxies(1))).toBe("10.0.0.9");
  });

  it("falls back to the peer when the trusted entry is no address, so junk is never a budget of its own", () => {
    for (const junk of ["garbage", "unknown", "", "  ", "1.2.3", "1.2.3.4.5", "256.1.1.1", "2001:db8::1::2", "[1.2.3.4", "1.2.3.4:port"]) {
      expect(clientIp(request(`198.51.100.66, ${junk}`), proxies(1))).toBe("10.0.0.9");
    }
    // An empty entry keeps its place: the client's "198.51.100.66" does not slide into the trusted slot.
    expect(clientIp(request("198.51.100.66,,"), proxies(2))).toBe("10.0.0.9");
  });

  it("is the peer's key too, and 'unknown' only when even the peer is gone", () => {
    expect(clientIp(request(undefined, "::ffff:10.0.0.9"), proxies(0))).toBe("10.0.0.9");
    expect(clientIp(request(undefined, "2001:db8:7:7::99"), proxies(0))).toBe("2001:db8:7:7::/64");
    expect(clientIp(request("garbage", null), proxies(1))).toBe("unknown");
  });

  it("reads TRUST_PROXY as a yes/no or a number of proxies", () => {
    expect(loadConfig({}).trustProxy).toBe(0);
    expect(loadConfig({ TRUST_PROXY: "false" }).trustProxy).toBe(0);
    expect(loadConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(() => loadConfig({ TRUST_PROXY: "11" })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: "sometimes" })).toThrow(/TRUST_PROXY/);
  });
});

describe("an address's limit key", () => {
  it("keeps IPv6 loopback as the one host it is, so that /metrics still knows it", () => {
    expect(["::1", "0:0:0:0:0:0:0:1", "[::1]:3000"].map(key)).toEqual(["::1", "::1", "::1"]);
    expect(key("::2")).toBe("::/64");
  });

  it("is an IPv4 address itself, however a proxy spelled it", () => {
    for (const spelling of ["1.2.3.4", " 1.2.3.4 ", "::ffff:1.2.3.4", "::FFFF:1.2.3.4", "::ffff:102:304", "0:0:0:0:0:ffff:0102:0304", "1.2.3.4:5678", "[::ffff:1.2.3.4]:443"]) {
      expect(key(spelling)).toBe("1.2.3.4");
    }
    expect(clientIp(request("::ffff:1.2.3.4"), proxies(1))).toBe("1.2.3.4");
  });

  it("is an IPv6 address's /64, in one spelling", () => {
    for (const spelling of [
      "2001:db8:1:2::1",
      "2001:DB8:1:2::1",
      "2001:0db8:0001:0002:0000:0000:0000:0001",
      "2001:db8:1:2:0:0:0:1",
      "[2001:db8:1:2::1]",
      "[2001:db8:1:2::1]:443",
      "2001:db8:1:2::1%eth0",
      "[2001:db8:1:2::1%eth0]:443",
    ]) {
      expect(key(spelling)).toBe("2001:db8:1:2::/64");
    }
    expect(key("fe80::1%eth0")).toBe("fe80::/64");
  });

  it("is shared by two addresses in one /64, and not by two /64s", () => {
    expect(key("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe(key("2001:db8:1:2::1"));
    expect(key("2001:db8:1:3::1")).not.toBe(key("2001:db8:1:2::1"));
    expect(key("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
  });

  it("is the network of as many bits as IPV6_PREFIX_LENGTH says", () => {
    expect(addressKey("2001:db8:1:2::1", 48)).toBe("2001:db8:1::/48");
    expect(addressKey("2001:db8:1:ff::1", 48)).toBe(addressKey("2001:db8:1:2::1", 48));
    expect(addressKey("2001:db8:1:2:3:4:5:6", 56)).toBe("2001:db8:1::/56");
    expect(addressKey("2001:db8:1:1ff::1", 56)).toBe("2001:db8:1:100::/56");
    expect(addressKey("2001:db8:ffff:ffff::1", 32)).toBe("2001:db8::/32");
    expect(addressKey("2001:db8:1:2:3:4:5:6", 128)).toBe("2001:db8:1:2:3:4:5:6/128");
    expect(addressKey("2001:db8:1:2:3:4:5:7", 128)).not.toBe(addressKey("2001:db8:1:2:3:4:5:6", 128));
    expect(clientIp(request("2001:db8:1:2::1"), { trustProxy: 1, ipv6PrefixLength: 56 })).toBe("2001:db8:1::/56");
    // IPv4 is one address whatever the IPv6 prefix.
    expect(addressKey("::ffff:1.2.3.4", 32)).toBe("1.2.3.4");
  });

  it("is null for text that is no address, and for IPv4 spellings readers disagree on", () => {
    for (const junk of ["", "unknown", "garbage", "1.2.3", "01.2.3.4", "010.0.0.1", "127.1", "2130706433", "0x7f.0.0.1", "1.2.3.4:", "1.2.3.4:123456", "[2001:db8::1]x", "2001:db8::1/64", "fe80::1%eth 0"]) {
      expect(addressKey(junk, 64)).toBeNull();
    }
  });

  it("reads IPV6_PREFIX_LENGTH from 32 to 128 bits, 64 by default", () => {
    expect(loadConfig({}).ipv6PrefixLength).toBe(64);
    expect(loadConfig({ IPV6_PREFIX_LENGTH: "56" }).ipv6PrefixLength).toBe(56);
    expect(() => loadConfig({ IPV6_PREFIX_LENGTH: "16" })).toThrow(/IPV6_PREFIX_LENGTH/);
    expect(() => loadConfig({ IPV6_PREFIX_LENGTH: "129" })).toThrow(/IPV6_PREFIX_LENGTH/);
  });
});
