// The owner's list of extra push hosts: host names only. An IP address in any notation the URL parser
// accepts ("127.1", "0x7f000001", "2130706433", "[::1]") is refused after normalising, not just a.b.c.d.
import { describe, expect, it } from "vitest";
import { extraPushHostListSchema, normalizePushHost } from "@/lib/settings/keys";

const parse = (text: string) => extraPushHostListSchema.safeParse(text);

describe("extraPushHostListSchema", () => {
  it("keeps host names, lower-cased and in the URL's own spelling, without duplicates", () => {
    expect(parse("Push.Example.com\npush2.example:8443, push.example.com").data).toEqual([
      "push.example.com",
      "push2.example:8443",
    ]);
    expect(parse("bücher.example").data).toEqual(["xn--bcher-kva.example"]);
    expect(parse("").data).toEqual([]);
    expect(parse("push.example.com:443").data).toEqual(["push.example.com"]);
  });

  it.each([
    "127.0.0.1",
    "127.1",
    "0x7f000001",
    "2130706433",
    "0177.0.0.1",
    "0x7f.0.0.1",
    "10.1",
    "[::1]",
    "[::ffff:127.0.0.1]",
    "127.1:8443",
  ])("refuses the address %s", (text) => {
    const result = parse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/IP address/);
  });

  it.each([
    "https://evil.example/path",
    "evil.example/path",
    "user@evil.example",
    "evil.example?x",
    "evil.example#x",
    "a_b.example",
  ])("refuses %s as not a host", (text) => {
    expect(parse(text).success).toBe(false);
  });

  it("says which entry is wrong", () => {
    expect(parse("ok.example 127.1").error?.issues.map((issue) => issue.message)).toEqual([
      expect.stringContaining('"127.1" is an IP address (127.0.0.1)'),
    ]);
  });
});

describe("normalizePushHost", () => {
  it("resolves IPv4 numbers in every notation", () => {
    expect(normalizePushHost("2130706433")).toEqual({ host: "127.0.0.1", isAddress: true });
    expect(normalizePushHost("push.example.com.")).toEqual({ host: "push.example.com", isAddress: false });
  });
});
