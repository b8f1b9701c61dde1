import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import { createGuardedLookup, isForbiddenAddress, type LookupFunction } from "@/lib/push/dns-guard";

describe("isForbiddenAddress", () => {
  it.each([
    "0.0.0.0",
    "0.1.2.3",
    "10.0.0.1",
    "10.255.255.255",
    "100.64.0.1",
    "100.127.255.254",
    "127.0.0.1",
    "127.8.9.10",
    "169.254.169.254",
    "172.16.0.1",
    "172.31.255.255",
    "192.0.0.8",
    "192.0.2.1",
    "192.168.1.1",
    "198.18.0.1",
    "198.19.255.1",
    "198.51.100.7",
    "203.0.113.9",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "[::1]",
    "::ffff:127.0.0.1",
    "::ffff:8.8.8.8",
    "::ffff:7f00:1",
    "::127.0.0.1",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "fe80::1%eth0",
    "febf::1",
    "fec0::1",
    "ff02::1",
    "ff05::1:3",
    "2001:db8::1",
    "100::1",
    "64:ff9b::10.0.0.1",
    "64:ff9b::7f00:1",
    "64:ff9b:1::1",
    "2002:c0a8:0101::1",
    "2002:7f00:1::",
    "not-an-ip",
    "",
    "1.2.3",
    "256.1.1.1",
  ])("refuses %s", (address) => expect(isForbiddenAddress(address)).toBe(true));

  it.each([
    "8.8.8.8",
    "142.250.74.42",
    "1.1.1.1",
    "100.63.255.255",
    "100.128.0.0",
    "172.15.255.255",
    "172.32.0.0",
    "192.169.0.1",
    "2607:f8b0:4004:c07::5f",
    "2a00:1450:4001:82b::200a",
    "64:ff9b::8.8.8.8",
    "2002:0808:0808::1",
  ])("allows %s", (address) => expect(isForbiddenAddress(address)).toBe(false));
});

function fakeResolver(answers: Record<string, LookupAddress[]>): LookupFunction {
  return (hostname, _options, callback) => {
    const found = answers[hostname];
    if (!found) return callback(Object.assign(new Error("ENOTFOUND"), { code: "ENOTFOUND" }), "");
    callback(null, found);
  };
}

function run(lookup: LookupFunction, host: string, all: boolean) {
  return new Promise<{ err: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number }>(
    (resolve) => lookup(host, { all }, (err, address, family) => resolve({ err, address, family })),
  );
}

describe("createGuardedLookup", () => {
  const resolver = fakeResolver({
    "fcm.googleapis.com": [
      { address: "142.250.74.42", family: 4 },
      { address: "2a00:1450:4001:82b::200a", family: 6 },
    ],
    "rebind.example": [
      { address: "93.184.216.34", family: 4 },
      { address: "127.0.0.1", family: 4 },
    ],
    "metadata.example": [{ address: "169.254.169.254", family: 4 }],
    "mapped.example": [{ address: "::ffff:10.0.0.1", family: 6 }],
    "push.local": [{ address: "127.0.0.1", family: 4 }],
  });
  const lookup = createGuardedLookup((host) => host === "push.local", resolver);

  it("passes public answers through in both call shapes", async () => {
    expect(await run(lookup, "fcm.googleapis.com", true)).toMatchObject({
      err: null,
      address: [{ address: "142.250.74.42" }, { family: 6 }],
    });
    expect(await run(lookup, "fcm.googleapis.com", false)).toMatchObject({
      err: null,
      address: "142.250.74.42",
      family: 4,
    });
  });

  it.each(["rebind.example", "metadata.example", "mapped.example"])("refuses %s", async (host) => {
    const result = await run(lookup, host, true);
    expect(result.err?.code).toBe("EPUSHFORBIDDENADDRESS");
    expect((await run(lookup, host, false)).err?.code).toBe("EPUSHFORBIDDENADDRESS");
  });

  it("lets an admin-allowed host resolve to loopback, and reports DNS failures", async () => {
    expect(await run(lookup, "push.local", false)).toMatchObject({ err: null, address: "127.0.0.1" });
    expect((await run(lookup, "nowhere.example", false)).err?.code).toBe("ENOTFOUND");
  });
});
