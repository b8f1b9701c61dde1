import { describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import { recordAuditSync } from "@/lib/audit/record";
import { auditFilterOptions, listAuditPage, parseAuditFilter } from "@/lib/audit/queries";
import { addUser } from "@/test/support/users";

describe("audit log queries", () => {
  it("filters by action, actor and day, newest first, with a keyset cursor", async () => {
    const db = createTestDb();
    const owner = await addUser(db, "owner", "owner@example.com");
    const actor = { id: owner.id, email: owner.email };
    recordAuditSync(db, { actor, action: "auth.sign_in", now: new Date("2026-03-01T09:00:00Z") });
    recordAuditSync(db, {
      actor: null,
      action: "auth.sign_in_failed",
      details: { email: "x@example.com" },
      now: new Date("2026-03-02T09:00:00Z"),
    });
    for (let i = 0; i < 5; i++)
      recordAuditSync(db, { actor, action: "settings.vapid_subject", now: new Date("2026-03-03T09:00:00Z") });

    expect(listAuditPage(db, parseAuditFilter({ action: "auth.sign_in" })).entries.map((e) => e.action)).toEqual([
      "auth.sign_in",
    ]);
    expect(listAuditPage(db, parseAuditFilter({ actor: "OWNER@example.com" })).entries).toHaveLength(6);
    expect(
      listAuditPage(db, parseAuditFilter({ from: "2026-03-02", to: "2026-03-02" })).entries.map((e) => e.action),
    ).toEqual(["auth.sign_in_failed"]);

    const first = listAuditPage(db, parseAuditFilter({}), 4);
    const second = listAuditPage(db, parseAuditFilter({ before: String(first.nextBefore) }), 4);
    expect([...first.entries, ...second.entries].map((e) => e.id)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(second.nextBefore).toBeNull();
    expect(auditFilterOptions(db)).toEqual({
      actions: ["auth.sign_in", "auth.sign_in_failed", "settings.vapid_subject"],
      actors: ["owner@example.com"],
    });
  });

  it("ignores malformed filter values", () => {
    expect(
      parseAuditFilter({
        action: "x'; drop table audit_log; --",
        from: "yesterday",
        before: "-3",
        actor: ["a@b.c", "d@e.f"],
      }),
    ).toEqual({ actor: "a@b.c" });
  });
});
