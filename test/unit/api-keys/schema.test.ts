import { describe, expect, it } from "vitest";
import { createApiKeySchema, expiryProblem, MAX_KEY_LIFETIME_MS } from "@/lib/api-keys/schema";

const DAY = 86_400_000;
const base = { name: "Shop back-end", scopes: ["notifications:send"] };
const parse = (input: Record<string, unknown>) => createApiKeySchema.safeParse({ ...base, ...input });
const errorsOf = (input: Record<string, unknown>) => {
  const result = parse(input);
  return result.success ? null : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
};
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

describe("the new API key form", () => {
  it("trims the name, defaults the rate to 100 and leaves an empty expiry out", () => {
    const result = parse({ name: "  Shop back-end  ", expiresAt: "", rateLimitPerSecond: "" });
    expect(result.success && result.data).toEqual({
      name: "Shop back-end",
      scopes: ["notifications:send"],
      rateLimitPerSecond: 100,
    });
    expect(parse({ expiresAt: undefined, rateLimitPerSecond: undefined }).data?.rateLimitPerSecond).toBe(100);
  });

  it("refuses an empty, blank or over-long name", () => {
    for (const name of ["", "   ", "x".repeat(81), undefined]) expect(errorsOf({ name })?.[0]).toMatch(/^name: /);
    expect(parse({ name: "x".repeat(80) }).success).toBe(true);
  });

  it("needs at least one known scope, each once", () => {
    expect(errorsOf({ scopes: [] })).toEqual(["scopes: Choose at least one scope."]);
    expect(errorsOf({ scopes: undefined })).toEqual(["scopes: Choose at least one scope."]);
    expect(errorsOf({ scopes: ["notifications:send", "admin"] })?.[0]).toMatch(/^scopes\.1: /);
    expect(errorsOf({ scopes: ["notifications:send", "notifications:send"] })).toEqual(["scopes: Each scope once."]);
    expect(parse({ scopes: ["subscriptions:read", "subscriptions:write"] }).success).toBe(true);
  });

  it("reads the rate as a whole number from 1 to 10,000", () => {
    expect(parse({ rateLimitPerSecond: "250" }).data?.rateLimitPerSecond).toBe(250);
    expect(parse({ rateLimitPerSecond: 10_000 }).data?.rateLimitPerSecond).toBe(10_000);
    for (const rate of ["0", "-5", "10001", "1.5", "many"])
      expect(errorsOf({ rateLimitPerSecond: rate })?.[0], rate).toMatch(/^rateLimitPerSecond: /);
  });

  it("takes a future date up to 5 years ahead, as the start of that day in UTC", () => {
    const inAMonth = isoDay(new Date(Date.now() + 30 * DAY));
    expect(parse({ expiresAt: inAMonth }).data?.expiresAt).toEqual(new Date(`${inAMonth}T00:00:00Z`));
    const at = new Date(Date.now() + 2 * DAY);
    expect(parse({ expiresAt: at }).data?.expiresAt).toEqual(at);
    expect(parse({ expiresAt: at.toISOString() }).data?.expiresAt).toEqual(at);
  });

  it("refuses today, the past, beyond 5 years and what is not a date", () => {
    expect(errorsOf({ expiresAt: isoDay(new Date()) })).toEqual(["expiresAt: Choose an expiry date in the future."]);
    expect(errorsOf({ expiresAt: "2020-01-01" })).toEqual(["expiresAt: Choose an expiry date in the future."]);
    const tooFar = isoDay(new Date(Date.now() + MAX_KEY_LIFETIME_MS + 2 * DAY));
    expect(errorsOf({ expiresAt: tooFar })).toEqual(["expiresAt: A key can live at most 5 years."]);
    for (const text of ["tomorrow", "2027-02-30", "31/01/2027", "2027-13-01", "1e12"])
      expect(errorsOf({ expiresAt: text }), text).toEqual(["expiresAt: Enter a date like 2027-01-31."]);
  });

  it("judges an expiry against the clock it is given", () => {
    const now = new Date("2026-04-01T10:00:00Z");
    expect(expiryProblem(now, now)).toMatch(/future/);
    expect(expiryProblem(new Date(now.getTime() + 1), now)).toBeNull();
    expect(expiryProblem(new Date(now.getTime() + MAX_KEY_LIFETIME_MS), now)).toBeNull();
    expect(expiryProblem(new Date(now.getTime() + MAX_KEY_LIFETIME_MS + 1), now)).toMatch(/5 years/);
  });
});
