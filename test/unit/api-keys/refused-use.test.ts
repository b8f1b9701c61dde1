import { describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { auditRefusedApiKeyUse } from "@/lib/api-keys/authenticate";
import { generateApiKeySecret } from "@/lib/api-keys/secret";
import { ENGINES, useExtraPools, useTestDb } from "@/test/support/databases";

const now = new Date("2026-04-01T10:00:00Z");
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const ADDRESS = "203.0.113.9";

async function refusals(db: Db) {
  const { auditLog } = db.tables;
  const rows = await db.select().from(auditLog).where(eq(auditLog.action, "api_key.refused")).orderBy(asc(auditLog.id));
  return rows.map((row) => ({
    ip: row.ip,
    at: row.createdAt.getTime() - now.getTime(),
    details: row.details,
    target: row.targetId,
  }));
}

describe.each(ENGINES)("auditing refused API key use on %s", (engine) => {
  const test = useTestDb(engine);
  const pool = useExtraPools(test);

  it("keeps one entry per address and reason a minute", async () => {
    const refuse = (reason: "unknown" | "revoked", seconds: number, address = ADDRESS) =>
      auditRefusedApiKeyUse(test.db, reason, { now: at(seconds), address });
    await refuse("unknown", 0);
    await refuse("unknown", 20);
    await refuse("unknown", 59);
    expect(await refusals(test.db)).toHaveLength(1);
    await refuse("unknown", 30, "198.51.100.7");
    await refuse("revoked", 31);
    expect(await refusals(test.db)).toHaveLength(3);
    await refuse("unknown", 61);
    await refuse("unknown", 62);
    expect(await refusals(test.db)).toEqual([
      { ip: ADDRESS, at: 0, details: { reason: "unknown" }, target: null },
      { ip: "198.51.100.7", at: 30_000, details: { reason: "unknown" }, target: null },
      { ip: ADDRESS, at: 31_000, details: { reason: "revoked" }, target: null },
      { ip: ADDRESS, at: 61_000, details: { reason: "unknown" }, target: null },
    ]);
  });

  it("stores a key-shaped prefix, the key and the missing scope, never more of a secret", async () => {
    const secret = generateApiKeySecret();
    await auditRefusedApiKeyUse(test.db, "scope", {
      now,
      address: ADDRESS,
      prefix: secret.slice(0, 11),
      keyId: 7,
      scope: "notifications:send",
    });
    // a caller passing the whole secret as the prefix by mistake still stores none of it
    await auditRefusedApiKeyUse(test.db, "revoked", { now, address: ADDRESS, prefix: secret, keyId: 7 });
    await auditRefusedApiKeyUse(test.db, "malformed", { now, address: ADDRESS, prefix: null });
    const entries = await refusals(test.db);
    expect(entries).toEqual([
      {
        ip: ADDRESS,
        at: 0,
        details: { reason: "scope", prefix: secret.slice(0, 11), scope: "notifications:send" },
        target: "7",
      },
      { ip: ADDRESS, at: 0, details: { reason: "revoked" }, target: "7" },
      { ip: ADDRESS, at: 0, details: { reason: "malformed" }, target: null },
    ]);
    expect(JSON.stringify(entries)).not.toContain(secret.slice(11));
  });

  // on PostgreSQL as several web servers would: each its own pool on the one database
  it("a burst at once, from several connections, leaves one entry", async () => {
    const dbs = engine === "postgres" ? [test.db, pool(), pool(), pool()] : [test.db];
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        auditRefusedApiKeyUse(dbs[i % dbs.length]!, "unknown", { now: at(i / 10), address: ADDRESS }),
      ),
    );
    expect(await refusals(test.db)).toHaveLength(1);
  });
});
