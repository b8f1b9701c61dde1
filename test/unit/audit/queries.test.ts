import { describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record";
import { auditFilterOptions, listAuditPage, parseAuditFilter } from "@/lib/audit/queries";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedAccount } from "@/test/support/seeds";

describe.each(ENGINES)("audit log queries on %s", (engine) => {
  const test = useTestDb(engine);

  it("filters by action, actor and day, newest first, with a keyset cursor", async () => {
    const db = test.db;
    const owner = await seedAccount(db, { role: "owner", email: "owner@example.com" });
    const actor = { id: owner.id, email: owner.email };
    await recordAudit(db, { actor, action: "auth.sign_in", now: new Date("2026-03-01T09:00:00Z") });
    await recordAudit(db, {
      actor: null,
      action: "auth.sign_in_failed",
      details: { email: "x@example.com" },
      now: new Date("2026-03-02T09:00:00Z"),
    });
    for (let i = 0; i < 5; i++)
      await recordAudit(db, { actor, action: "settings.vapid_subject", now: new Date("2026-03-03T09:00:00Z") });

    const actions = async (filter: Record<string, string>) =>
      (await listAuditPage(db, parseAuditFilter(filter))).entries.map((e) => e.action);
    expect(await actions({ action: "auth.sign_in" })).toEqual(["auth.sign_in"]);
    expect(await actions({ actor: "OWNER@example.com" })).toHaveLength(6);
    expect(await actions({ from: "2026-03-02", to: "2026-03-02" })).toEqual(["auth.sign_in_failed"]);

    const first = await listAuditPage(db, parseAuditFilter({}), 4);
    const second = await listAuditPage(db, parseAuditFilter({ before: String(first.nextBefore) }), 4);
    expect([...first.entries, ...second.entries].map((e) => e.id)).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(second.nextBefore).toBeNull();
    expect(await auditFilterOptions(db)).toEqual({
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
