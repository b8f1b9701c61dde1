// Refuses to connect to addresses inside our own networks, checked on the address DNS actually
// returned at connect time (which also defeats DNS rebinding), as Mastodon does.
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { BlockList, isIP } from "node:net";

// Two lists: one BlockList would match every IPv4 address against the IPv4-mapped IPv6 rule.
const blockedV4 = new BlockList();
const blockedV6 = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // CGNAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local (cloud metadata lives here)
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved + broadcast
] as const)
  blockedV4.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128],
  ["::", 96], // IPv4-compatible (deprecated)
  ["::ffff:0:0", 96], // IPv4-mapped: refused outright, whatever they embed
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
] as const)
  blockedV6.addSubnet(network, prefix, "ipv6");

/** IPv4 embedded in NAT64 (64:ff9b::/96) or 6to4 (2002::/16) addresses, which route to it. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const expand = (groups: string[]) => groups.map((g) => parseInt(g || "0", 16));
  if (lower.startsWith("64:ff9b::")) {
    const tail = lower.slice("64:ff9b::".length);
    if (isIP(tail) === 4) return tail;
    const [hi, lo] = expand(tail.split(":"));
    if (hi === undefined || lo === undefined) return undefined;
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
  }
  if (lower.startsWith("2002:")) {
    const [, hi, lo] = expand(lower.split(":"));
    if (hi === undefined || lo === undefined || Number.isNaN(hi) || Number.isNaN(lo)) return undefined;
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
  }
  return undefined;
}

/** True for any address we must never connect to on behalf of a push endpoint (also for garbage). */
export function isForbiddenAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(bare);
  if (family === 4) return blockedV4.check(bare, "ipv4");
  if (family !== 6) return true;
  if (blockedV6.check(bare, "ipv6")) return true;
  const inner = embeddedIpv4(bare);
  return inner !== undefined && blockedV4.check(inner, "ipv4");
}

export class ForbiddenAddressError extends Error {
  readonly code = "EPUSHFORBIDDENADDRESS";
  constructor(host: string) {
    super(`push service host ${host} resolves to a private or reserved address`);
    this.name = "ForbiddenAddressError";
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
export type LookupFunction = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

/**
 * A `lookup` for an https.Agent: resolves normally, then refuses if any returned address is
 * forbidden (a mixed answer is a rebinding attempt, not an accident). `allowHost` lets through the
 * hosts an admin added for a self-hosted push service.
 */
export function createGuardedLookup(
  allowHost: (hostname: string) => boolean,
  resolve: LookupFunction = dnsLookup as LookupFunction,
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, result) => {
      if (err) return callback(err, options.all ? [] : "", undefined);
      const addresses = result as LookupAddress[];
      if (addresses.length === 0)
        return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), "", undefined);
      if (!allowHost(hostname) && addresses.some((a) => isForbiddenAddress(a.address))) {
        return callback(new ForbiddenAddressError(hostname), options.all ? [] : "", undefined);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}
