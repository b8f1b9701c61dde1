import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "@/test/support/db";
import { addUser } from "@/test/support/users";
import { listAudit, recordAudit } from "@/lib/audit/record";
import { users } from "@/lib/db/schema";

describe("recordAudit", () => {
  it("stores who did what to which target, with details and address", async () => {
    const db = createTestDb();
    const owner = await addUser(db, "owner", "boss@example.com");
    const now = new Date("2030-05-01T12:00:00Z");
    const entry = recordAudit(db, {
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
    expect(listAudit(db)).toEqual([entry]);
  });

  it("keeps the actor's email when the account is removed later", async () => {
    const db = createTestDb();
    const editor = await addUser(db, "editor", "gone@example.com");
    recordAudit(db, { actor: { id: editor.id, email: editor.email }, action: "segment.create" });
    db.delete(users).where(eq(users.id, editor.id)).run();
    expect(listAudit(db)[0]).toMatchObject({ actorId: null, actorEmail: "gone@example.com" });
  });

  it("accepts system entries without an actor, and cuts oversized details", () => {
    const db = createTestDb();
    const entry = recordAudit(db, {
      actor: null,
      action: "settings.vapid_rotate",
      details: { blob: "x".repeat(10_000) },
      ip: "y".repeat(300),
    });
    expect(entry).toMatchObject({ actorId: null, actorEmail: null, details: { truncated: true } });
    expect(entry.ip).toHaveLength(64);
  });

  it("lists newest first, by action, with keyset pages", () => {
    const db = createTestDb();
    for (let i = 0; i < 5; i++) recordAudit(db, { actor: null, action: i % 2 ? "auth.sign_in" : "auth.sign_out" });
    const all = listAudit(db);
    expect(all.map((e) => e.id)).toEqual([5, 4, 3, 2, 1]);
    expect(listAudit(db, { limit: 2, beforeId: 4 }).map((e) => e.id)).toEqual([3, 2]);
    expect(listAudit(db, { action: "auth.sign_in" }).map((e) => e.id)).toEqual([4, 2]);
  });
});
