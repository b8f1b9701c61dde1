// Whether a state-changing request came from this site's own pages: the browser's Origin must be our
// origin exactly (scheme and port included). X-Forwarded-Host and -Proto count only from a trusted proxy.
import { describe, expect, it } from "vitest";
import { DomainError } from "@/lib/errors/domain-error";
import { assertSameOrigin, siteOrigin, type SiteConfig } from "@/lib/http/site-origin";
import { parseTrustProxy, TRUST_NOBODY } from "@/lib/http/trust-proxy.mjs";
import { fromPeer } from "@/test/support/peer";

const direct: SiteConfig = { publicUrl: undefined, trust: TRUST_NOBODY };
const behindProxy: SiteConfig = { publicUrl: undefined, trust: parseTrustProxy("loopback") };
const withPublicUrl: SiteConfig = { publicUrl: "https://push.example.com/", trust: TRUST_NOBODY };

const req = (init: Record<string, string>, peer = "127.0.0.1") => new Headers(fromPeer(peer, init));
function outcome(init: Record<string, string>, config: SiteConfig, peer?: string): string {
  try {
    assertSameOrigin(req(init, peer), config);
    return "ok";
  } catch (error) {
    return error instanceof DomainError ? error.code : "threw";
  }
}

describe("siteOrigin", () => {
  it("is PUBLIC_URL's origin when set, else http:// and the Host", () => {
    expect(siteOrigin(req({ host: "evil.example" }), withPublicUrl)).toBe("https://push.example.com");
    expect(siteOrigin(req({ host: "localhost:3000" }), direct)).toBe("http://localhost:3000");
    expect(siteOrigin(req({ host: "Push.Example.com" }), direct)).toBe("http://push.example.com");
    expect(siteOrigin(req({ host: "a b" }), direct)).toBeNull();
    expect(siteOrigin(req({ host: "x/../y" }), direct)).toBeNull();
  });

  it("takes X-Forwarded-Host and -Proto only from a trusted proxy", () => {
    const forwarded = {
      host: "127.0.0.1:3000",
      "x-forwarded-host": "push.example.com, 10.0.0.2",
      "x-forwarded-proto": "https",
    };
    expect(siteOrigin(req(forwarded), behindProxy)).toBe("https://push.example.com");
    expect(siteOrigin(req(forwarded), direct)).toBe("http://127.0.0.1:3000");
    expect(siteOrigin(req(forwarded, "203.0.113.9"), behindProxy)).toBe("http://127.0.0.1:3000");
  });
});

describe("assertSameOrigin", () => {
  it("accepts our own origin, exactly", () => {
    expect(outcome({ origin: "http://localhost:3000", host: "localhost:3000" }, direct)).toBe("ok");
    expect(
      outcome(
        {
          origin: "https://push.example.com",
          host: "127.0.0.1:3000",
          "x-forwarded-host": "push.example.com",
          "x-forwarded-proto": "https",
        },
        behindProxy,
      ),
    ).toBe("ok");
    expect(outcome({ origin: "https://push.example.com", host: "127.0.0.1:3000" }, withPublicUrl)).toBe("ok");
  });

  it("refuses another origin, scheme or port, and believes no forged forwarding header", () => {
    expect(outcome({ origin: "https://evil.example", host: "localhost:3000" }, direct)).toBe("foreign_origin");
    expect(outcome({ origin: "http://localhost:3001", host: "localhost:3000" }, direct)).toBe("foreign_origin");
    expect(outcome({ origin: "https://localhost:3000", host: "localhost:3000" }, direct)).toBe("foreign_origin");
    expect(
      outcome(
        {
          origin: "https://evil.example",
          host: "localhost:3000",
          "x-forwarded-host": "evil.example",
          "x-forwarded-proto": "https",
        },
        direct,
      ),
    ).toBe("foreign_origin");
    expect(outcome({ origin: "http://push.example.com", host: "push.example.com" }, withPublicUrl)).toBe(
      "foreign_origin",
    );
    expect(
      outcome(
        { origin: "https://evil.example", host: "push.example.com", "x-forwarded-host": "evil.example" },
        withPublicUrl,
      ),
    ).toBe("foreign_origin");
    expect(outcome({ origin: "file:///etc/passwd", host: "localhost:3000" }, direct)).toBe("foreign_origin");
    expect(outcome({ origin: "not a url", host: "localhost:3000" }, direct)).toBe("foreign_origin");
    expect(outcome({ origin: "http://localhost:3000" }, direct)).toBe("foreign_origin");
  });

  it("refuses a request without an origin", () => {
    expect(outcome({ host: "localhost:3000" }, direct)).toBe("missing_origin");
    expect(outcome({ origin: "null", host: "localhost:3000" }, direct)).toBe("missing_origin");
  });
});
