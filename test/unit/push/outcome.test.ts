import { describe, expect, it } from "vitest";
import { outcomeFromResponse, parseRetryAfter } from "@/lib/push/outcome";

const NOW = Date.UTC(2030, 0, 1, 12, 0, 0);
const answer = (statusCode: number, headers: Record<string, string> = {}, body = "") =>
  outcomeFromResponse({ statusCode, headers, body }, 3600, NOW);

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("120", NOW)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", NOW)).toBe(0);
    expect(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
    expect(parseRetryAfter(new Date(NOW - 90_000).toUTCString(), NOW)).toBe(0);
  });
  it.each([undefined, "", "-5", "1.5", "soon", "12abc"])("ignores %j", (value) =>
    expect(parseRetryAfter(value, NOW)).toBeUndefined(),
  );
});

describe("outcomeFromResponse", () => {
  it("maps 2xx to accepted and records a shorter granted TTL only", () => {
    expect(answer(201)).toEqual({ kind: "accepted", statusCode: 201 });
    expect(answer(200)).toEqual({ kind: "accepted", statusCode: 200 });
    expect(answer(201, { ttl: "60" })).toEqual({ kind: "accepted", statusCode: 201, ttl: 60 });
    expect(answer(201, { ttl: "3600" })).toEqual({ kind: "accepted", statusCode: 201 });
    expect(answer(201, { ttl: "junk" })).toEqual({ kind: "accepted", statusCode: 201 });
  });

  it("maps 404 and 410 to expired", () => {
    expect(answer(404)).toEqual({ kind: "expired", statusCode: 404 });
    expect(answer(410)).toEqual({ kind: "expired", statusCode: 410 });
  });

  it("maps 429/503 to an origin-throttling retry honouring Retry-After", () => {
    expect(answer(429, { "retry-after": "30" })).toMatchObject({
      kind: "retry",
      statusCode: 429,
      retryAfterMs: 30_000,
      originThrottled: true,
    });
    expect(answer(503, { "retry-after": new Date(NOW + 5000).toUTCString() })).toMatchObject({
      kind: "retry",
      retryAfterMs: 5000,
      originThrottled: true,
    });
    expect(answer(429)).toMatchObject({ kind: "retry", retryAfterMs: undefined, originThrottled: true });
  });

  it("maps other 5xx to a plain retry", () => {
    for (const status of [500, 502, 504])
      expect(answer(status)).toMatchObject({ kind: "retry", statusCode: status, originThrottled: false });
  });

  it("maps 400/401/403/413 to permanent failures, keeping a capped reason", () => {
    expect(answer(400, {}, '{"reason":"bad TTL"}')).toEqual({
      kind: "failed",
      statusCode: 400,
      authProblem: false,
      error: 'HTTP 400: {"reason":"bad TTL"}',
    });
    expect(answer(401)).toMatchObject({ kind: "failed", authProblem: true });
    expect(answer(403, {}, "BadJwtToken")).toMatchObject({
      kind: "failed",
      authProblem: true,
      error: "HTTP 403: BadJwtToken",
    });
    expect(answer(413)).toMatchObject({ kind: "failed", authProblem: false });
    const long = answer(400, {}, "x".repeat(5000));
    expect(long.kind === "failed" && long.error.length).toBeLessThanOrEqual(530);
  });

  it("does not follow redirects", () => {
    expect(answer(301, { location: "https://elsewhere.example/" })).toMatchObject({
      kind: "failed",
      statusCode: 301,
      error: "HTTP 301: redirect not followed",
    });
    expect(answer(307)).toMatchObject({ kind: "failed" });
  });
});
