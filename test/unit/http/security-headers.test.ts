import { describe, expect, it } from "vitest";
import {
  baseSecurityHeaders,
  createNonce,
  pagePolicy,
  policyForPath,
  RESOURCE_POLICY,
  siteMode,
  workerPolicy,
} from "@/lib/http/security-headers.mjs";

const prodHttp = { dev: false, https: false };
const prodHttps = { dev: false, https: true };

/** "a b; c d" → { a: ["b"], c: ["d"] } */
function parse(policy: string): Record<string, string[]> {
  return Object.fromEntries(
    policy.split(";").map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe("page policy", () => {
  it("runs only scripts that carry this response's nonce, and what they load", () => {
    const policy = parse(pagePolicy("abc123==", prodHttp));
    expect(policy["script-src"]).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(policy["script-src"]).not.toContain("'unsafe-inline'");
    expect(policy["script-src"]).not.toContain("'unsafe-eval'");
    expect(policy["style-src"]).toEqual(["'self'", "'nonce-abc123=='"]);
    expect(policy["style-src-attr"]).toEqual(["'unsafe-inline'"]);
  });

  it("forbids framing, plugins, base changes and foreign form targets", () => {
    const policy = parse(pagePolicy("n", prodHttp));
    expect(policy["frame-ancestors"]).toEqual(["'none'"]);
    expect(policy["object-src"]).toEqual(["'none'"]);
    expect(policy["base-uri"]).toEqual(["'none'"]);
    expect(policy["form-action"]).toEqual(["'self'"]);
    expect(policy["connect-src"]).toEqual(["'self'"]);
    expect(policy["worker-src"]).toEqual(["'self'"]);
    expect(policy["manifest-src"]).toEqual(["'self'"]);
  });

  it("shows notification images from any https host, http ones only on an http site", () => {
    expect(parse(pagePolicy("n", prodHttps))["img-src"]).toEqual(["'self'", "data:", "blob:", "https:"]);
    expect(parse(pagePolicy("n", prodHttp))["img-src"]).toContain("http:");
  });

  it("upgrades stray http requests only on an https site", () => {
    expect(parse(pagePolicy("n", prodHttps))).toHaveProperty("upgrade-insecure-requests");
    expect(parse(pagePolicy("n", prodHttp))).not.toHaveProperty("upgrade-insecure-requests");
  });

  it("lets next dev evaluate code and inject styles", () => {
    const policy = parse(pagePolicy("n", { dev: true, https: false }));
    expect(policy["script-src"]).toContain("'unsafe-eval'");
    expect(policy["style-src"]).toEqual(["'self'", "'unsafe-inline'"]);
  });
});

describe("policy by path", () => {
  it("gives the service worker its own policy and every other path the page policy", () => {
    expect(policyForPath("/sw.js", "n", prodHttp)).toBe(workerPolicy(prodHttp));
    for (const path of ["/", "/admin", "/apiary", "/invite/x", "/no-such-page", "/icons/icon-192.png"]) {
      expect(policyForPath(path, "n", prodHttp), path).toBe(pagePolicy("n", prodHttp));
    }
  });

  it("lets the service worker import its logic and call our API, nothing else", () => {
    const policy = parse(workerPolicy(prodHttps));
    expect(policy["default-src"]).toEqual(["'none'"]);
    expect(policy["script-src"]).toEqual(["'self'"]);
    expect(policy["connect-src"]).toEqual(["'self'"]);
    expect(parse(RESOURCE_POLICY)).toEqual({
      "default-src": ["'none'"],
      "base-uri": ["'none'"],
      "form-action": ["'none'"],
      "frame-ancestors": ["'none'"],
    });
  });
});

describe("site mode and the other headers", () => {
  it("sends HSTS only from a production server on https", () => {
    const cases = [
      [{ NODE_ENV: "production", PUBLIC_URL: "https://push.example.com" }, true],
      [{ NODE_ENV: "production", SECURE_COOKIES: true }, true],
      [{ NODE_ENV: "production", PUBLIC_URL: "http://push.example.com" }, false],
      [{ NODE_ENV: "production" }, false],
      [{ NODE_ENV: "development", PUBLIC_URL: "https://push.example.com" }, false],
    ] as const;
    for (const [env, hsts] of cases) {
      const headers = Object.fromEntries(baseSecurityHeaders(siteMode(env)));
      expect(headers["Strict-Transport-Security"], JSON.stringify(env)).toBe(
        hsts ? "max-age=63072000; includeSubDomains" : undefined,
      );
    }
  });

  it("always sends the referrer, sniffing, framing and permissions headers", () => {
    const headers = Object.fromEntries(baseSecurityHeaders({ dev: false, https: false, hsts: false }));
    expect(headers).toMatchObject({
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Content-Type-Options": "nosniff",
      "X-Frame-Options": "DENY",
    });
    expect(headers["Permissions-Policy"]).toMatch(/camera=\(\).*geolocation=\(\).*microphone=\(\)/);
  });

  it("makes a fresh 128-bit nonce each time", () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => createNonce()));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});
