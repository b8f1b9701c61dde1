// What leaves the server about an API key: never its secret's hash. Times are ms since the epoch (UTC).
import type { apiKeys } from "@/lib/db/schema";
import type { ApiScope } from "./scopes";

export type ApiKeyState = "active" | "expired" | "revoked";

export type ApiKeyDto = {
  id: number;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  rateLimitPerSecond: number;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
  lastUsedAddress: string | null;
  createdAt: number;
  /** who made it; null once their account is removed */
  createdByEmail: string | null;
  state: ApiKeyState;
};

type ApiKeyRow = typeof apiKeys.$inferSelect;

/** Revocation wins over expiry: a revoked key stays revoked whatever its date says. */
export function apiKeyState(row: Pick<ApiKeyRow, "revokedAt" | "expiresAt">, now: Date): ApiKeyState {
  if (row.revokedAt) return "revoked";
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return "expired";
  return "active";
}

const ms = (date: Date | null) => (date ? date.getTime() : null);

export function toApiKeyDto(row: ApiKeyRow, createdByEmail: string | null, now: Date): ApiKeyDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    rateLimitPerSecond: row.rateLimitPerSecond,
    expiresAt: ms(row.expiresAt),
    revokedAt: ms(row.revokedAt),
    lastUsedAt: ms(row.lastUsedAt),
    lastUsedAddress: row.lastUsedAddress,
    createdAt: row.createdAt.getTime(),
    createdByEmail,
    state: apiKeyState(row, now),
  };
}
