import type { IncomingMessage } from "node:http";
import { loadConfig } from "@/lib/config";
import { clientIp } from "@/lib/http/client-ip";

function request(forwardedFor?: string | string[]): IncomingMessage {
  const headers = forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor };
  return { headers, socket: { remoteAddress: "10.0.0.9" } } as unknown as IncomingMessage;
}

describe("the client's address", () => {
  it("is the TCP peer unless proxies are trusted, whatever the client claims", () => {
    expect(clientIp(request("203.0.113.7"), 0)).toBe("10.0.0.9");
  });

  it("is the entry the trusted proxies appended, not one the client forged in front of it", () => {
    // The client sent "X-Forwarded-For: 198.51.100.66"; one proxy (nginx) appended what it saw.
    expect(clientIp(request("198.51.100.66, 203.0.113.7"), 1)).toBe("203.0.113.7");
    // Two proxies (a load balancer, then nginx on the instance) each appended their peer.
    expect(clientIp(request("198.51.100.66, 203.0.113.7, 10.0.1.5"), 2)).toBe("203.0.113.7");
    expect(clientIp(request(["198.51.100.66", "203.0.113.7"]), 1)).toBe("203.0.113.7");
  });

  it("falls back to the leftmost entry, then to the peer, when the header is short or missing", () => {
    expect(clientIp(request("203.0.113.7"), 2)).toBe("203.0.113.7");
    expect(clientIp(request(" , "), 1)).toBe("10.0.0.9");
    expect(clientIp(request(), 1)).toBe("10.0.0.9");
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
