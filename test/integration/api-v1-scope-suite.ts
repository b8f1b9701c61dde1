// The /api/v1 door on whichever database the test file pointed lib/env.mjs at (api-v1-scopes*.test.ts):
// every operation under app/api/v1, found by walking the tree, called with no key, a malformed header,
// a revoked key, an expired key and a key of each scope. Only a live key with the operation's scope
// (SCOPE_TABLE) gets past the door; every other caller gets 401 or 403 with a Bearer challenge, and
// nothing is written but the audit of the refusal.
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_SCOPES, type ApiScope } from "@/lib/api-keys/scopes";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/manage";
import { createApiKeySchema } from "@/lib/api-keys/schema";
import type { EndpointHandler } from "@/lib/http/endpoint";
import { getServerContext, initServerContext } from "@/lib/server-context";
import { resetProcessState } from "@/lib/process-state";
import { snapshotTables } from "@/test/support/db-snapshot";
import { seedAccount } from "@/test/support/seeds";
import { callApi, codeOf } from "./api-v1-calls";
import { SCOPE_TABLE } from "./api-v1-scopes";

const V1 = path.join(process.cwd(), "app", "api", "v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
// what a refusal may write: its audit entry (throttled), the shared limiter's bucket, and a known key's last use
const REFUSAL_WRITES = ["audit_log", "rate_limit_buckets", "api_keys"];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "openapi.json" ? [] : routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

type Operation = { id: string; method: string; handler: EndpointHandler };

async function operations(): Promise<Operation[]> {
  const found: Operation[] = [];
  for (const file of routeFiles(V1)) {
    const mod = (await import(file)) as Record<string, EndpointHandler>;
    for (const method of METHODS) {
      if (mod[method])
        found.push({ id: `${method} ${path.relative(V1, path.dirname(file))}`, method, handler: mod[method] });
    }
  }
  return found.sort((a, b) => a.id.localeCompare(b.id));
}

type Caller = "no key" | "malformed" | "unknown" | "revoked" | "expired" | ApiScope;
const CALLERS: Caller[] = ["no key", "malformed", "unknown", "revoked", "expired", ...API_SCOPES];

export async function defineApiScopeSuite(cleanUp: () => Promise<void>) {
  const found = await operations();
  const keys = {} as Record<Caller, string | null>;

  beforeAll(async () => {
    resetProcessState();
    const { appDb } = await initServerContext();
    const owner = await seedAccount(appDb, { role: "owner" });
    const actor = { id: owner.id, email: owner.email };
    const now = new Date();
    const make = async (name: string, scopes: ApiScope[], expiresAt?: Date) => {
      const input = createApiKeySchema.parse({ name, scopes, rateLimitPerSecond: 10_000 });
      return createApiKey(appDb, { ...input, expiresAt: expiresAt ?? input.expiresAt }, actor, now);
    };
    for (const scope of API_SCOPES) keys[scope] = (await make(scope, [scope])).secret;
    const revoked = await make("revoked", [...API_SCOPES]);
    await revokeApiKey(appDb, revoked.key.id, actor, now);
    keys.revoked = revoked.secret;
    // created live, then its expiry passes: the door reads expiresAt against the request's time
    const expired = await make("expired", [...API_SCOPES], new Date(Date.now() + 1_500));
    keys.expired = expired.secret;
    keys["no key"] = null;
    keys.malformed = "not-a-key";
    keys.unknown = `pb_${"A".repeat(43)}`;
    await new Promise((resolve) => setTimeout(resolve, 1_600));
  });

  afterAll(async () => {
    await getServerContext().close();
    await cleanUp();
  });

  it("the scope table lists exactly the operations under app/api/v1, with their declared scopes", () => {
    expect(found.map((op) => op.id)).toEqual(Object.keys(SCOPE_TABLE).sort((a, b) => a.localeCompare(b)));
    for (const op of found) expect(op.handler.definition.access, op.id).toEqual({ apiScope: SCOPE_TABLE[op.id] });
  });

  describe.each(found)("$id", ({ id, method, handler }) => {
    it.each(CALLERS)("as %s", async (caller) => {
      const db = getServerContext().appDb;
      const before = await snapshotTables(db, REFUSAL_WRITES);
      const call = {
        key: keys[caller],
        params: { id: "1", externalId: "user-1" },
        ...(method === "GET" ? {} : { body: {} }),
        // a malformed header is sent as is, not as a Bearer token
        ...(caller === "malformed" ? { headers: { authorization: "Basic dXNlcjpwYXNz" }, key: null } : {}),
      };
      const answer = await callApi(handler, method, call);
      if (caller === SCOPE_TABLE[id]) {
        expect([401, 403], `${id} refused its own scope: ${JSON.stringify(answer.json)}`).not.toContain(answer.status);
        return;
      }
      const scoped = (API_SCOPES as readonly string[]).includes(caller);
      expect(answer.status).toBe(scoped ? 403 : 401);
      expect(codeOf(answer)).toBe(scoped ? "forbidden" : "unauthenticated");
      expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer realm="pushboard"/);
      expect(answer.headers.get("cache-control")).toBe("no-store");
      expect(await snapshotTables(db, REFUSAL_WRITES), "a refused call wrote").toBe(before);
    });
  });
}
