// TRUST_PROXY decides whose word about the client's address counts. Off, only the socket's peer does,
// whatever X-Forwarded-For and X-Real-IP say; with proxies trusted, their additions are walked from the
// nearest hop, and a forged prefix the client wrote itself never wins.
import { describe, expect, it } from "vitest";
import {
  clientAddressOf,
  normalizeAddress,
  parseTrustProxy,
  peerIsTrustedProxy,
  TRUST_NOBODY,
} from "@/lib/http/trust-proxy.mjs";

const peer = (socketAddress: string | undefined, forwardedFor?: string) => ({ socketAddress, forwardedFor });

describe("parseTrustProxy", () => {
  it("is off unless told otherwise", () => {
    for (const value of [undefined, "", "false", "off", "0", "no", " FALSE "])
      expect(parseTrustProxy(value), String(value)).toEqual(TRUST_NOBODY);
  });

  it("reads a hop count and address lists with named networks", () => {
    expect(parseTrustProxy("2")).toEqual({ mode: "hops", hops: 2 });
    const list = parseTrustProxy("loopback, 10.0.0.0/8, 2001:db8::1");
    expect(list.mode).toBe("addresses");
    expect(peerIsTrustedProxy("127.0.0.5", list)).toBe(true);
    expect(peerIsTrustedProxy("::1", list)).toBe(true);
    expect(peerIsTrustedProxy("10.9.8.7", list)).toBe(true);
    expect(peerIsTrustedProxy("2001:db8:0:0:0:0:0:1", list)).toBe(true);
    expect(peerIsTrustedProxy("11.0.0.1", list)).toBe(false);
  });

  it.each([["true"], ["yes"], ["11"], ["10.0.0.0/33"], ["proxy.example.com"], ["1.2.3"], ["loopback, nonsense"]])(
    "refuses %j with a reason",
    (value) => {
      expect(() => parseTrustProxy(value)).toThrow(/./);
    },
  );
});

describe("normalizeAddress", () => {
  it("gives one spelling per address and null for anything else", () => {
    expect(normalizeAddress("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(normalizeAddress("[::1]")).toBe("::1");
    expect(normalizeAddress("0:0:0:0:0:0:0:1")).toBe("::1");
    expect(normalizeAddress("FE80::1%eth0")).toBe("fe80::1");
    for (const junk of ["", " ", "unknown", "x".repeat(300), "1.2.3.4.5", "300.1.1.1", "1.2.3.4:80"])
      expect(normalizeAddress(junk), junk).toBeNull();
  });
});

describe("clientAddressOf", () => {
  it("with TRUST_PROXY off, is the socket's peer whatever the headers say", () => {
    for (const forwarded of [undefined, "1.1.1.1", "1.1.1.1, 2.2.2.2", ",", " , ", "garbage"]) {
      expect(clientAddressOf(peer("198.51.100.9", forwarded), TRUST_NOBODY), String(forwarded)).toBe("198.51.100.9");
    }
    expect(clientAddressOf(peer("::ffff:198.51.100.9", "1.1.1.1"), TRUST_NOBODY)).toBe("198.51.100.9");
    expect(clientAddressOf(peer(undefined, "1.1.1.1"), TRUST_NOBODY)).toBe("unknown");
  });

  it("with N proxies, takes the N-th hop from the socket and ignores what the client prefixed", () => {
    const one = parseTrustProxy("1");
    expect(clientAddressOf(peer("10.0.0.1", "203.0.113.7"), one)).toBe("203.0.113.7");
    expect(clientAddressOf(peer("10.0.0.1", "6.6.6.6, 203.0.113.7"), one)).toBe("203.0.113.7");
    expect(clientAddressOf(peer("10.0.0.1"), one)).toBe("10.0.0.1");
    const two = parseTrustProxy("2");
    expect(clientAddressOf(peer("10.0.0.1", "6.6.6.6, 203.0.113.7, 10.0.0.2"), two)).toBe("203.0.113.7");
  });

  it("never lets garbage or an empty header pick the answer", () => {
    const one = parseTrustProxy("1");
    expect(clientAddressOf(peer("10.0.0.1", ","), one)).toBe("10.0.0.1");
    expect(clientAddressOf(peer("10.0.0.1", "1.1.1.1, not-an-ip"), one)).toBe("10.0.0.1");
  });

  it("with a list, walks back only through the listed proxies", () => {
    const list = parseTrustProxy("10.0.0.0/8");
    expect(clientAddressOf(peer("10.0.0.1", "6.6.6.6, 203.0.113.7, 10.0.0.2"), list)).toBe("203.0.113.7");
    // the socket is not a listed proxy: its X-Forwarded-For is a client's claim
    expect(clientAddressOf(peer("198.51.100.9", "203.0.113.7"), list)).toBe("198.51.100.9");
  });
});
