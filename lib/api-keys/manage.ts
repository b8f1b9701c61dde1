// The owner's verbs on API keys: make one (its secret is returned once and never stored), list them,
// revoke one. Revocation is immediate: authenticateApiKey reads the row on every request.
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { recordAudit } from "@/lib/audit/record";
import { toApiKeyDto, type ApiKeyDto } from "./dto";
import { ApiKeyError } from "./errors";
import { expiryProblem, type CreateApiKeyInput } from "./schema";
import { apiKeyPrefix, generateApiKeySecret, hashApiKeySecret } from "./secret";

export type ApiKeyActor = { id: number; email: string };

/** Makes a key; `secret` is the only copy there will ever be. */
export async function createApiKey(
  db: Db,
  input: CreateApiKeyInput,
  actor: ApiKeyActor | null, // null: made by a script (the benchmarks), not a person
  now: Date,
  ip?: string | null,
): Promise<{ key: ApiKeyDto; secret: string }> {
  // the schema checked the expiry against the clock it ran with; this is the rule, at the verb's `now`
  const problem = input.expiresAt ? expiryProblem(input.expiresAt, now) : null;
  if (problem) throw new ApiKeyError("invalid_expiry", problem, { expiresAt: [problem] });
  const secret = generateApiKeySecret();
  const prefix = apiKeyPrefix(secret);
  const scopes = [...new Set(input.scopes)];
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(tx.tables.apiKeys)
      .values({
        name: input.name,
        prefix,
        secretHash: hashApiKeySecret(secret),
        scopes,
        rateLimitPerSecond: input.rateLimitPerSecond,
        expiresAt: input.expiresAt ?? null,
        createdBy: actor?.id ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, {
      actor,
      action: "api_key.create",
      targetType: "api_key",
      targetId: row!.id,
      details: {
        name: row!.name,
        prefix,
        scopes,
        rateLimitPerSecond: row!.rateLimitPerSecond,
        expiresAt: row!.expiresAt?.toISOString() ?? null,
      },
      ip,
      now,
    });
    return { key: toApiKeyDto(row!, actor?.email ?? null, now), secret };
  });
}

async function selectKeys(db: Db, id?: number) {
  const { apiKeys, users } = db.tables;
  return db
    .select({ key: apiKeys, createdByEmail: users.email })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .where(id === undefined ? undefined : eq(apiKeys.id, id))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

/** Every key, newest first (the id breaks ties within a millisecond), revoked and expired ones marked. */
export async function listApiKeys(db: Db, now: Date = new Date()): Promise<ApiKeyDto[]> {
  const rows = await selectKeys(db);
  return rows.map((row) => toApiKeyDto(row.key, row.createdByEmail, now));
}

/**
 * Revokes a key from its next request on. Revoking a revoked key is refused (conflict) rather than
 * passed over, so of two owners revoking at once the second learns it was done already, and the audit
 * log holds one revocation. The conditional UPDATE decides: only one caller can move revoked_at off null.
 */
export async function revokeApiKey(
  db: Db,
  id: number,
  actor: ApiKeyActor,
  now: Date,
  ip?: string | null,
): Promise<ApiKeyDto> {
  return db.transaction(async (tx) => {
    const { apiKeys } = tx.tables;
    const [revoked] = await tx
      .update(apiKeys)
      .set({ revokedAt: now, updatedAt: now })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    const [row] = await selectKeys(tx, id);
    if (!row) throw new ApiKeyError("not_found", "This API key does not exist.");
    if (!revoked) throw new ApiKeyError("already_revoked", `The key “${row.key.name}” was revoked already.`);
    await recordAudit(tx, {
      actor,
      action: "api_key.revoke",
      targetType: "api_key",
      targetId: id,
      details: { name: row.key.name, prefix: row.key.prefix },
      ip,
      now,
    });
    return toApiKeyDto(row.key, row.createdByEmail, now);
  });
}
