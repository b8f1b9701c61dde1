// The /api/v1 door of the endpoint pipeline: `Authorization: Bearer <key>` instead of a session. A key is
// the caller's whole identity, so there is no same-origin check (no cookie rides along) and a session
// cookie alone opens nothing here. Refusals follow RFC 6750: 401 with `WWW-Authenticate: Bearer` for a
// missing, wrong, revoked or expired key, 403 with `error="insufficient_scope"` for a key without the scope.
// Each key then spends its own budget (rateLimitPerSecond) in the process's rate-limit store, which on
// PostgreSQL is shared by every web server, so a key's limit holds behind a load balancer too.
import type { Db } from "@/lib/db/app-db";
import {
  auditRefusedApiKeyUse,
  authenticateApiKey,
  presentedKeyPrefix,
  type ApiKeyRefusal,
  type AuthenticatedApiKey,
} from "@/lib/api-keys/authenticate";
import type { ApiScope } from "@/lib/api-keys/scopes";
import { DomainError } from "@/lib/errors/domain-error";
import { currentRateLimitStore } from "./rate-limit";
import type { HeaderReader } from "./headers";

export type ApiAccess = { apiScope: ApiScope };

const REALM = 'Bearer realm="pushboard"';

const REFUSAL_MESSAGES: Record<ApiKeyRefusal, string> = {
  missing: "Send your API key as `Authorization: Bearer <key>`.",
  malformed: "The Authorization header must be `Bearer <key>`, with a key that starts with pb_.",
  unknown: "This API key is not known. Check that it was copied whole.",
  revoked: "This API key was revoked.",
  expired: "This API key has expired.",
};

export function isApiAccess(access: unknown): access is ApiAccess {
  return typeof access === "object" && access !== null && "apiScope" in access;
}

function refuse(reason: ApiKeyRefusal): never {
  // a missing key is a plain challenge; a presented one that fails is an invalid token (RFC 6750 §3.1)
  const challenge = reason === "missing" ? REALM : `${REALM}, error="invalid_token"`;
  throw new DomainError("unauthenticated", REFUSAL_MESSAGES[reason], { headers: { "WWW-Authenticate": challenge } });
}

/** The key that may make this request, or the refusal thrown (audited, throttled per address and reason). */
export async function requireApiKey(
  db: Db,
  access: ApiAccess,
  request: { headers: HeaderReader; client: string },
  now: Date,
): Promise<AuthenticatedApiKey> {
  const context = { now, address: request.client };
  const authorization = request.headers.get("authorization");
  const result = await authenticateApiKey(db, authorization, context);
  if (!result.ok) {
    await auditRefusedApiKeyUse(db, result.reason, { ...context, prefix: presentedKeyPrefix(authorization) });
    refuse(result.reason);
  }
  const key = result.key;
  if (!key.scopes.includes(access.apiScope)) {
    await auditRefusedApiKeyUse(db, "scope", { ...context, keyId: key.id, prefix: key.prefix, scope: access.apiScope });
    throw new DomainError("forbidden", `This API key lacks the scope ${access.apiScope}.`, {
      headers: { "WWW-Authenticate": `${REALM}, error="insufficient_scope", scope="${access.apiScope}"` },
    });
  }
  const rule = { limit: key.rateLimitPerSecond, windowMs: 1_000 };
  const budget = await currentRateLimitStore().take("api-key", String(key.id), rule, now.getTime());
  if (!budget.ok) {
    throw new DomainError("rate_limited", `This API key is over its limit of ${key.rateLimitPerSecond} requests/s.`, {
      retryAfterSeconds: budget.retryAfterSeconds,
    });
  }
  return key;
}
