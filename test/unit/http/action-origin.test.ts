import { describe, expect, it } from "vitest";
import { checkActionOrigin, mayRunServerAction } from "@/lib/http/action-origin";

const h = (init: Record<string, string>) => new Headers(init);

describe("requests that may run a server action", () => {
  it("are every non-read request to a page address, with or without a Next-Action header", () => {
    for (const method of ["POST", "post", "PUT", "PATCH", "DELETE"]) expect(mayRunServerAction(method, "/admin/topics"), method).toBe(true);
    expect(mayRunServerAction("POST", "/")).toBe(true);
    expect(mayRunServerAction("POST", "/apiary")).toBe(true);
    for (const method of ["GET", "HEAD", "OPTIONS"]) expect(mayRunServerAction(method, "/admin/topics"), method).toBe(false);
    expect(mayRunServerAction("POST", "/api/subscriptions")).toBe(false);
    expect(mayRunServerAction("POST", "/api")).toBe(false);
  });
});

describe("checkActionOrigin without PUBLIC_URL", () => {
  it("accepts the host the request was addressed to", () => {
    expect(checkActionOrigin(h({ origin: "http://localhost:3000", host: "localhost:3000" }), undefined)).toEqual({ ok: true });
    expect(checkActionOrigin(h({ origin: "https://Push.Example.com", host: "push.example.com" }), undefined)).toEqual({ ok: true });
    // behind a proxy that rewrites Host and says where the request was sent
    expect(checkActionOrigin(h({ origin: "https://push.example.com", host: "127.0.0.1:3000", "x-forwarded-host": "push.example.com, 10.0.0.2" }), undefined)).toEqual({ ok: true });
  });

  it("refuses another origin, whatever the host headers say", () => {
    const foreign = { ok: false, reason: "foreign_origin" };
    expect(checkActionOrigin(h({ origin: "https://evil.example", host: "localhost:3000" }), undefined)).toEqual(foreign);
    expect(checkActionOrigin(h({ origin: "https://evil.example", host: "localhost:3000", "x-forwarded-host": "localhost:3000" }), undefined)).toEqual(foreign);
    expect(checkActionOrigin(h({ origin: "http://localhost:3000", host: "evil.example" }), undefined)).toEqual(foreign);
    expect(checkActionOrigin(h({ origin: "http://localhost:3000", host: "localhost:3000", "x-forwarded-host": "evil.example" }), undefined)).toEqual(foreign);
    expect(checkActionOrigin(h({ origin: "http://localhost:3001", host: "localhost:3000" }), undefined)).toEqual(foreign);
    expect(checkActionOrigin(h({ origin: "file:///etc/passwd", host: "localhost:3000" }), undefined)).toEqual(foreign);
    expect(checkActionOrigin(h({ origin: "not a url", host: "localhost:3000" }), undefined)).toEqual(foreign);
    expect(checkActionOrigin(h({ origin: "http://localhost:3000" }), undefined)).toEqual(foreign);
  });

  it("refuses a request without an origin", () => {
    expect(checkActionOrigin(h({ host: "localhost:3000" }), undefined)).toEqual({ ok: false, reason: "missing_origin" });
    expect(checkActionOrigin(h({ origin: "null", host: "localhost:3000" }), undefined)).toEqual({ ok: false, reason: "missing_origin" });
  });
});

describe("checkActionOrigin with PUBLIC_URL", () => {
  const publicUrl = "https://push.example.com/";

  it("accepts only the public origin", () => {
    expect(checkActionOrigin(h({ origin: "https://push.example.com", host: "127.0.0.1:3000" }), publicUrl)).toEqual({ ok: true });
    expect(checkActionOrigin(h({ origin: "http://push.example.com", host: "push.example.com" }), publicUrl)).toEqual({ ok: false, reason: "foreign_origin" });
  });

  it("is not widened by a forged Host or X-Forwarded-Host", () => {
    expect(checkActionOrigin(h({ origin: "https://evil.example", host: "evil.example" }), publicUrl)).toEqual({ ok: false, reason: "foreign_origin" });
    expect(checkActionOrigin(h({ origin: "https://evil.example", host: "push.example.com", "x-forwarded-host": "evil.example" }), publicUrl)).toEqual({ ok: false, reason: "foreign_origin" });
  });
});
