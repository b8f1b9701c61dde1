import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { listAudit, recordAudit } from "@/lib/audit/record";
import { ENGINES, useTestDb } from "@/test/support/databases";

async function insertUser(db: Db, email: string) {
  const { users } = db.tables;
  const [user] = await db
    .insert(users)
    .values({ email, name: "Someone", role: "owner", passwordHash: "x" })
    .returning();
  return user!;
}

describe.each(ENGINES)("recordAudit on %s", (engine) => {
  const test = useTestDb(engine);

  it("stores who did what to which target, with details and address", async () => {
    const owner = await insertUser(test.db, "boss@example.com");
    const now = new Date("2030-05-01T12:00:00Z");
    const entry = await recordAudit(test.db, {
      actor: { id: owner.id, email: owner.email },
      action: "campaign.send",
      targetType: "campaign",
      targetId: 42,
      details: { audience: 1200 },
      ip: "203.0.113.5",
      now,
    });
    expect(entry).toMatchObject({
      actorId: owner.id,
      actorEmail: "boss@example.com",
      action: "campaign.send",
      targetType: "campaign",
      targetId: "42",
      details: { audience: 1200 },
      ip: "203.0.113.5",
      createdAt: now,
    });
    expect(await listAudit(test.db)).toEqual([entry]);
  });

  it("keeps the actor's email when the account is removed later", async () => {
    const { users } = test.db.tables;
    const editor = await insertUser(test.db, "gone@example.com");
    await recordAudit(test.db, { actor: { id: editor.id, email: editor.email }, action: "segment.create" });
    await test.db.delete(users).where(eq(users.id, editor.id));
    expect((await listAudit(test.db))[0]).toMatchObject({ actorId: null, actorEmail: "gone@example.com" });
  });

  it("accepts system entries without an actor, and cuts oversized details", async () => {
    const entry = await recordAudit(test.db, {
      actor: null,
      action: "settings.vapid_rotate",
      details: { blob: "x".repeat(10_000) },
      ip: "y".repeat(300),
    });
    expect(entry).toMatchObject({ actorId: null, actorEmail: null, details: { truncated: true } });
    expect(entry.ip).toHaveLength(64);
  });

  it("lists newest first, by action, with keyset pages", async () => {
    for (let i = 0; i < 5; i++)
      await recordAudit(test.db, { actor: null, action: i % 2 ? "auth.sign_in" : "auth.sign_out" });
    const all = await listAudit(test.db);
    expect(all.map((e) => e.id)).toEqual([5, 4, 3, 2, 1]);
    expect((await listAudit(test.db, { limit: 2, beforeId: 4 })).map((e) => e.id)).toEqual([3, 2]);
    expect((await listAudit(test.db, { action: "auth.sign_in" })).map((e) => e.id)).toEqual([4, 2]);
  });
});
