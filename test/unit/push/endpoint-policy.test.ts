import { describe, expect, it } from "vitest";
import { checkEndpoint, isExtraHost } from "@/lib/push/endpoint-policy";

const none: string[] = [];

describe("checkEndpoint accepts the real push services", () => {
  it.each([
    ["https://fcm.googleapis.com/fcm/send/abc:def", "fcm", "fcm.googleapis.com"],
    ["https://android.googleapis.com/gcm/send/abc", "fcm", "android.googleapis.com"],
    ["https://updates.push.services.mozilla.com/wpush/v2/gAAAA", "mozilla", "updates.push.services.mozilla.com"],
    ["https://web.push.apple.com/QGZ-token", "apple", "web.push.apple.com"],
    ["https://wns2-by3p.notify.windows.com/w/?token=BQYAAAB%2b", "wns", "wns2-by3p.notify.windows.com"],
    ["https://FCM.GoogleAPIs.com/fcm/send/abc", "fcm", "fcm.googleapis.com"],
    ["https://fcm.googleapis.com./fcm/send/abc", "fcm", "fcm.googleapis.com"],
    ["https://fcm.googleapis.com:443/fcm/send/abc", "fcm", "fcm.googleapis.com"],
  ])("%s", (endpoint, service, host) => {
    const result = checkEndpoint(endpoint, none);
    expect(result).toMatchObject({ ok: true, pushService: service, host });
  });

  it("keeps the WNS token in the query string", () => {
    const result = checkEndpoint("https://db5.notify.windows.com/w/?token=abc%2Bdef", none);
    expect(result.ok && result.url.search).toBe("?token=abc%2Bdef");
  });
});

describe("checkEndpoint refuses hostile and odd URLs", () => {
  it.each([
    ["path that merely mentions a push host", "https://evil.example/x.apple.com/"],
    ["push host as a prefix of another domain", "https://fcm.googleapis.com.evil.example/"],
    ["wildcard suffix without a dot boundary", "https://evilpush.apple.com/x"],
    ["bare wildcard parent", "https://push.apple.com/x"],
    ["user info before a push host", "https://fcm.googleapis.com@evil.example/"],
    ["user info on a push host", "https://user:pass@fcm.googleapis.com/fcm/send/x"],
    ["plain http", "http://fcm.googleapis.com/fcm/send/x"],
    ["odd port on a push host", "https://fcm.googleapis.com:8443/fcm/send/x"],
    ["IPv4 literal", "https://127.0.0.1/x"],
    ["decimal IPv4", "https://2130706433/x"],
    ["hex IPv4", "https://0x7f000001/x"],
    ["short dotted IPv4", "https://127.1/x"],
    ["octal IPv4", "https://0177.0.0.1/x"],
    ["IPv6 loopback", "https://[::1]/x"],
    ["IPv4-mapped IPv6", "https://[::ffff:127.0.0.1]/x"],
    ["metadata address", "https://169.254.169.254/latest/meta-data"],
    ["javascript URL", "javascript:alert(1)"],
    ["file URL", "file:///etc/passwd"],
    ["not a URL", "fcm.googleapis.com/fcm/send/x"],
    ["empty", ""],
    ["leading space", " https://fcm.googleapis.com/fcm/send/x"],
    ["backslash trick", "https://evil.example\\@fcm.googleapis.com/"],
    ["fragment", "https://fcm.googleapis.com/fcm/send/x#frag"],
    ["too long", `https://fcm.googleapis.com/fcm/send/${"a".repeat(3000)}`],
    ["unknown host", "https://push.example.com/x"],
    ["localhost without admin consent", "https://localhost/x"],
    ["NUL in the path", "https://fcm.googleapis.com/fcm/send/abc\u0000def"],
    ["right-to-left override in the path", "https://fcm.googleapis.com/fcm/send/\u202Egnp.exe"],
    ["zero-width space in the path", "https://fcm.googleapis.com/fcm/send/a\u200Bb"],
    ["lone surrogate in the path", "https://fcm.googleapis.com/fcm/send/a\uD800b"],
    ["non-ASCII host that maps onto a push host", "https://fcm.googleapis.ｃom/fcm/send/x"],
    ["DEL character", "https://fcm.googleapis.com/fcm/send/a\u007Fb"],
  ])("%s", (_label, endpoint) => {
    const result = checkEndpoint(endpoint, none);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/\w/);
  });
});

describe("extra hosts allowed by an admin", () => {
  const extra = ["push.selfhosted.example", "localhost:3201"];

  it("accepts an extra host on 443 and an extra host:port on that port only", () => {
    expect(checkEndpoint("https://push.selfhosted.example/wpush/v2/x", extra)).toMatchObject({
      ok: true,
      pushService: "other",
    });
    expect(checkEndpoint("https://localhost:3201/notify/abc", extra)).toMatchObject({ ok: true, host: "localhost" });
    expect(checkEndpoint("https://localhost:3202/notify/abc", extra).ok).toBe(false);
    expect(checkEndpoint("https://localhost/notify/abc", extra).ok).toBe(false);
    expect(checkEndpoint("https://push.selfhosted.example:8443/x", extra).ok).toBe(false);
  });

  it("still refuses IP literals and http even if listed", () => {
    expect(checkEndpoint("https://127.0.0.1:3201/x", ["127.0.0.1:3201"]).ok).toBe(false);
    expect(checkEndpoint("http://localhost:3201/notify/abc", extra).ok).toBe(false);
  });

  it("isExtraHost matches case- and trailing-dot-insensitively", () => {
    expect(isExtraHost("LOCALHOST.", "3201", extra)).toBe(true);
    expect(isExtraHost("localhost", 3201, extra)).toBe(true);
    expect(isExtraHost("push.selfhosted.example", "", extra)).toBe(true);
    expect(isExtraHost("push.selfhosted.example", 443, extra)).toBe(true);
    expect(isExtraHost("push.selfhosted.example", 444, extra)).toBe(false);
    expect(isExtraHost("evil.example", 443, extra)).toBe(false);
  });
});
