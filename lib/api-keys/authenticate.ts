// Who is calling /api/v1: the key a request's `Authorization: Bearer pb_…` names. One indexed lookup by
// the secret's hash per request, then revocation and expiry against the request's `now`, so revoking a
// key refuses its very next request on every process. The refusal reasons are for our logs and audit
// (./refused-use.ts); a caller should answer every one with the same 401.
import { createHash, timingSafeEqual } from "node:crypto";
import { and, eq, isNull, lt, ne, or } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import type { ApiScope } from "./scopes";
import { apiKeyPrefix, hashApiKeySecret, looksLikeApiKey } from "./secret";

export { auditRefusedApiKeyUse } from "./refused-use";

export type AuthenticatedApiKey = {
  id: number;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  rateLimitPerSecond: number;
};

export type ApiKeyRefusal = "missing" | "malformed" | "unknown" | "revoked" | "expired";

export type ApiKeyAuthentication = { ok: true; key: AuthenticatedApiKey } | { ok: false; reason: ApiKeyRefusal };

/** A key's last use is written at most this often per key and address, however many requests it makes. */
export const LAST_USE_WRITE_INTERVAL_MS = 10_000;
const MAX_ADDRESS_CHARS = 64;

/** The secret of `Bearer <secret>` (any case of "Bearer", one space, one token), or why there is none. */
export function bearerSecret(authorization: string | null): { secret: string } | { reason: "missing" | "malformed" } {
  if (authorization === null || authorization.trim() === "") return { reason: "missing" };
  const parts = authorization.split(" ");
  if (parts.length !== 2 || parts[0]!.toLowerCase() !== "bearer" || !/^\S+$/.test(parts[1]!))
    return { reason: "malformed" };
  return { secret: parts[1]! };
}

/** The prefix of the presented key when it has the shape of ours (for auditing a refusal), else null. */
export function presentedKeyPrefix(authorization: string | null): string | null {
  const bearer = bearerSecret(authorization);
  return "secret" in bearer && looksLikeApiKey(bearer.secret) ? apiKeyPrefix(bearer.secret) : null;
}

function sameHash(a: string, b: string): boolean {
  // digests of the hex strings: equal lengths whatever is stored, as timingSafeEqual needs
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export async function authenticateApiKey(
  db: Db,
  authorization: string | null,
  context: { now: Date; address: string },
): Promise<ApiKeyAuthentication> {
  const bearer = bearerSecret(authorization);
  if (!("secret" in bearer)) return { ok: false, reason: bearer.reason };
  if (!looksLikeApiKey(bearer.secret)) return { ok: false, reason: "malformed" };
  const hash = hashApiKeySecret(bearer.secret);
  const { apiKeys } = db.tables;
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.secretHash, hash)).limit(1);
  if (!row || !sameHash(row.secretHash, hash)) return { ok: false, reason: "unknown" };
  if (row.revokedAt) return { ok: false, reason: "revoked" };
  if (row.expiresAt && row.expiresAt.getTime() <= context.now.getTime()) return { ok: false, reason: "expired" };
  await recordLastUse(db, row.id, context);
  return {
    ok: true,
    key: {
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      scopes: row.scopes,
      rateLimitPerSecond: row.rateLimitPerSecond,
    },
  };
}

/**
 * Last use, throttled in the statement itself: the row changes only when its stored use is older than
 * the interval or came from another address, so a key at 100 requests a second costs a write every 10 s,
 * and web servers sharing a database agree without asking each other.
 */
async function recordLastUse(db: Db, id: number, { now, address }: { now: Date; address: string }): Promise<void> {
  const { apiKeys } = db.tables;
  const shown = address.slice(0, MAX_ADDRESS_CHARS);
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now, lastUsedAddress: shown })
    .where(
      and(
        eq(apiKeys.id, id),
        or(
          isNull(apiKeys.lastUsedAt),
          lt(apiKeys.lastUsedAt, new Date(now.getTime() - LAST_USE_WRITE_INTERVAL_MS)),
          isNull(apiKeys.lastUsedAddress),
          ne(apiKeys.lastUsedAddress, shown),
        ),
      ),
    );
}
