import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

// scrypt with the cost parameters stored beside the salt, so they can be raised later without
// invalidating existing hashes: "scrypt$<N>$<r>$<p>$<salt b64url>$<key b64url>".
const PREFIX = "scrypt";
const DEFAULT_COST = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
// Bounds for parameters read back from a stored hash: a garbled or hostile value must not make a
// verification allocate gigabytes or spin for minutes.
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

export type ScryptCost = { N: number; r: number; p: number };

function derive(password: string, salt: Buffer, length: number, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, KEY_LENGTH, cost);
  return [PREFIX, cost.N, cost.r, cost.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

type ParsedHash = { cost: ScryptCost; salt: Buffer; key: Buffer };

const isPowerOfTwo = (n: number) => n > 1 && (n & (n - 1)) === 0;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== PREFIX) return null;
  const [, nText, rText, pText, saltText, keyText] = parts as [string, string, string, string, string, string];
  if (![nText, rText, pText].every((value) => /^[1-9]\d{0,7}$/.test(value))) return null;
  const cost = { N: Number(nText), r: Number(rText), p: Number(pText) };
  if (!isPowerOfTwo(cost.N) || cost.N > MAX_N || cost.r > MAX_R || cost.p > MAX_P) return null;
  if (!BASE64URL.test(saltText) || !BASE64URL.test(keyText)) return null;
  const salt = Buffer.from(saltText, "base64url");
  const key = Buffer.from(keyText, "base64url");
  if (salt.length < 8 || key.length < 16 || key.length > 64) return null;
  return { cost, salt, key };
}

/** True only for the password the hash was made from; a malformed hash never verifies (and never throws). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  try {
    const candidate = await derive(password, parsed.salt, parsed.key.length, parsed.cost);
    return timingSafeEqual(candidate, parsed.key);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Burns the same time as a real verification, for sign-ins with an unknown email: answering faster
 * would tell an attacker which addresses have accounts.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword("pushboard-dummy-password");
  await verifyPassword(password, await dummyHash);
  return false;
}
