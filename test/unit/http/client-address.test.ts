// Requests Next answers cannot see their socket: scripts/server.ts stamps its address into a header
// with this process's secret. A stamp the client wrote itself, or any without the secret, counts for nothing.
import { describe, expect, it } from "vitest";
import { clientAddress, enablePeerStamps, PEER_HEADER, stampedPeer, viaTrustedProxy } from "@/lib/http/client-address";
import { parseTrustProxy, TRUST_NOBODY } from "@/lib/http/trust-proxy.mjs";
import { fromPeer } from "@/test/support/peer";

const headers = (init: Record<string, string>) => new Headers(init);

describe("clientAddress", () => {
  it("believes only this process's own stamp", () => {
    enablePeerStamps();
    expect(stampedPeer(headers(fromPeer("203.0.113.7")))).toBe("203.0.113.7");
    expect(stampedPeer(headers({ [PEER_HEADER]: "203.0.113.7" }))).toBeNull();
    expect(stampedPeer(headers({ [PEER_HEADER]: "forged-secret-of-the-same-size 203.0.113.7" }))).toBeNull();
    expect(clientAddress(headers({ [PEER_HEADER]: "x 1.2.3.4", "x-forwarded-for": "1.2.3.4" }), TRUST_NOBODY)).toBe(
      "unknown",
    );
  });

  it("keeps the socket's address whatever X-Forwarded-For and X-Real-IP say when no proxy is trusted", () => {
    const forgeries: Record<string, string>[] = [
      { "x-forwarded-for": "10.1.2.3" },
      { "x-forwarded-for": "," },
      { "x-forwarded-for": ",", "x-real-ip": "10.9.9.9" },
    ];
    for (const forged of forgeries) {
      expect(clientAddress(headers(fromPeer("198.51.100.20", forged)), TRUST_NOBODY), JSON.stringify(forged)).toBe(
        "198.51.100.20",
      );
    }
  });

  it("takes the proxy's word when TRUST_PROXY trusts it", () => {
    const one = parseTrustProxy("1");
    expect(clientAddress(headers(fromPeer("127.0.0.1", { "x-forwarded-for": "6.6.6.6, 203.0.113.7" })), one)).toBe(
      "203.0.113.7",
    );
    expect(viaTrustedProxy(headers(fromPeer("127.0.0.1")), one)).toBe(true);
    expect(viaTrustedProxy(headers(fromPeer("127.0.0.1")), TRUST_NOBODY)).toBe(false);
  });
});
