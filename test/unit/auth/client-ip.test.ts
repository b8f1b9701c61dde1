import { describe, expect, it } from "vitest";
import { clientIpFrom } from "@/lib/auth/client-ip";

describe("client address for the throttle", () => {
  it("takes the entry the nearest hop appended, not what the client claims first", () => {
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "1.2.3.4, 203.0.113.7" }))).toBe("203.0.113.7");
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "::1" }))).toBe("::1");
    expect(clientIpFrom(new Headers({ "x-real-ip": "198.51.100.2" }))).toBe("198.51.100.2");
    expect(clientIpFrom(new Headers({ "x-forwarded-for": " , " }))).toBeNull();
    expect(clientIpFrom(new Headers())).toBeNull();
    expect(clientIpFrom(new Headers({ "x-forwarded-for": "x".repeat(500) }))).toHaveLength(64);
  });
});
