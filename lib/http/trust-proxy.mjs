// @ts-check
// TRUST_PROXY: whose word about the client's address we take. Off (the default), the socket's peer is the
// client and every X-Forwarded-* header is ignored: anyone can write those headers, and believing them
// let one client rotate X-Forwarded-For into unlimited rate-limit budgets and sign-in guesses. A number N
// trusts N reverse proxies in front of us (the socket is the first; each appends the address it saw to
// X-Forwarded-For); a list trusts exactly the proxies at those addresses or networks.
import { BlockList, isIP } from "node:net";

/**
 * @typedef {{ mode: "off" } | { mode: "hops"; hops: number } | { mode: "addresses"; list: BlockList; text: string }} TrustProxy
 */

/** @type {TrustProxy} */
export const TRUST_NOBODY = { mode: "off" };

/** Named networks, as Express names them. */
/** @type {Record<string, readonly string[]>} */
const NAMED = {
  loopback: ["127.0.0.0/8", "::1/128"],
  linklocal: ["169.254.0.0/16", "fe80::/10"],
  uniquelocal: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
};

/**
 * "1.2.3.4", "::ffff:1.2.3.4" (an IPv4 client on a dual-stack socket), "[::1]", "fe80::1%eth0" → one
 * canonical text per address; null for anything that is not an IP address.
 */
/**
 * @param {string | null | undefined} value
 * @returns {string | null}
 */
export function normalizeAddress(value) {
  if (!value) return null;
  let text = value.trim().toLowerCase();
  if (text.startsWith("[") && text.endsWith("]")) text = text.slice(1, -1);
  const zone = text.indexOf("%");
  if (zone !== -1) text = text.slice(0, zone);
  if (text.startsWith("::ffff:") && isIP(text.slice(7)) === 4) text = text.slice(7);
  const family = isIP(text);
  if (family === 0) return null;
  // one spelling per IPv6 address ("0:0:0:0:0:0:0:1" and "::1" are the same client)
  return family === 6 ? new URL(`http://[${text}]/`).hostname.slice(1, -1) : text;
}

/**
 * @param {BlockList} list
 * @param {string} entry
 */
function addRange(list, entry) {
  const [address, prefix] = entry.split("/");
  const normalized = normalizeAddress(address);
  if (!normalized) return false;
  const type = isIP(normalized) === 6 ? "ipv6" : "ipv4";
  if (prefix === undefined) {
    list.addAddress(normalized, type);
    return true;
  }
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > (type === "ipv6" ? 128 : 32)) return false;
  list.addSubnet(normalized, Number(prefix), type);
  return true;
}

/**
 * Parses TRUST_PROXY: unset, "false", "off" or "0" → off; "1"…"10" → that many proxies; otherwise a
 * comma-separated list of addresses, CIDR networks and the names loopback, linklocal, uniquelocal.
 * Throws an Error naming what it cannot read ("true" is refused: say how many proxies, or which).
 */
/**
 * @param {string | undefined} value
 * @returns {TrustProxy}
 */
export function parseTrustProxy(value) {
  const text = value?.trim().toLowerCase() ?? "";
  if (text === "" || text === "false" || text === "off" || text === "0" || text === "no") return TRUST_NOBODY;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) throw new Error("a hop count is at most 10");
    return { mode: "hops", hops };
  }
  if (text === "true" || text === "yes" || text === "on")
    throw new Error(
      'say how many proxies are in front (for example 1) or which addresses they have; "true" would believe any client',
    );
  const list = new BlockList();
  for (const entry of text
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const ranges = NAMED[entry] ?? [entry];
    for (const range of ranges)
      if (!addRange(list, range))
        throw new Error(
          `"${entry}" is not an address, a network such as 10.0.0.0/8, or one of ${Object.keys(NAMED).join(", ")}`,
        );
  }
  return { mode: "addresses", list, text };
}

/**
 * @param {BlockList} list
 * @param {string} address
 */
function isListed(list, address) {
  return list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

/**
 * What a request says about where it came from; the socket's peer is the one fact nobody can forge.
 * @typedef {{ socketAddress: string | null | undefined; forwardedFor: string | null | undefined }} RequestPeer
 */

/**
 * The client's address under `trust`. Walking X-Forwarded-For from the right (the nearest hop first),
 * every hop we trust vouches for the one before it; the first hop we do not trust is the client. An entry
 * that is not an address ends the walk at the last good one, so garbage cannot pick the answer.
 * "unknown" only when not even the socket's address is known (a transport that cannot see it).
 */
/**
 * @param {RequestPeer} peer
 * @param {TrustProxy} trust
 * @returns {string}
 */
export function clientAddressOf(peer, trust) {
  const socket = normalizeAddress(peer.socketAddress);
  if (trust.mode === "off" || !socket) return socket ?? "unknown";
  const forwarded = (peer.forwardedFor ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  let client = socket;
  for (let hop = 1, i = forwarded.length - 1; i >= 0; hop++, i--) {
    const proxyTrusted = trust.mode === "hops" ? hop <= trust.hops : isListed(trust.list, client);
    if (!proxyTrusted) break;
    const before = normalizeAddress(forwarded[i]);
    if (!before) break;
    client = before;
  }
  return client;
}

/** Whether the socket's peer is a proxy we trust: only then are its X-Forwarded-Host and -Proto believed. */
/**
 * @param {string | null | undefined} socketAddress
 * @param {TrustProxy} trust
 */
export function peerIsTrustedProxy(socketAddress, trust) {
  const socket = normalizeAddress(socketAddress);
  if (!socket || trust.mode === "off") return false;
  return trust.mode === "hops" ? trust.hops >= 1 : isListed(trust.list, socket);
}
