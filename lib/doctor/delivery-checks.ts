// The push doctor's checks that read delivery history: failures that never reached a push service,
// and how push services answered (401/403, 404/410, flagged origins). The set-up checks are in checks.ts.
import { and, count, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { explainFailure } from "@/lib/stats/failure-reasons";
import type { DoctorCheck } from "./checks";

/**
 * Failures that never reached a push service (address guard, DNS, TLS, time limits) among the latest
 * failed deliveries, by cause: answers alone would call such a set-up healthy.
 */
export async function checkUnanswered(db: Db, sample = 20_000): Promise<DoctorCheck> {
  const { deliveries } = db.tables;
  const recent = await db
    .select({ error: deliveries.error })
    .from(deliveries)
    .where(and(eq(deliveries.status, "failed"), isNull(deliveries.statusCode)))
    .orderBy(desc(deliveries.id))
    .limit(sample);
  if (recent.length === 0)
    return {
      id: "unanswered",
      title: "Messages reach the push services",
      status: "pass",
      detail: "No recent delivery failed before a push service answered.",
    };
  const byCause = new Map<string, { n: number; explanation: string }>();
  for (const { error } of recent) {
    const { title, explanation } = explainFailure(null, error);
    const entry = byCause.get(title) ?? { n: 0, explanation };
    entry.n += 1;
    byCause.set(title, entry);
  }
  const causes = [...byCause.entries()].sort((a, b) => b[1].n - a[1].n);
  return {
    id: "unanswered",
    title: "Messages reach the push services",
    status: "fail",
    detail: `${recent.length.toLocaleString("en")} recent deliveries failed before any push service answered: ${causes
      .map(([title, { n }]) => `${n.toLocaleString("en")} ${title.toLowerCase()}`)
      .join(", ")}.`,
    fix: causes[0]![1].explanation,
  };
}

/** Share of 401/403 (our VAPID) and 404/410 (gone) answers per push service among the latest deliveries. */
export async function checkRejections(db: Db, sample = 20_000): Promise<DoctorCheck[]> {
  const { deliveries, pushOrigins, subscriptions } = db.tables;
  const recent = db
    .select({ id: deliveries.id, code: deliveries.statusCode, subscriptionId: deliveries.subscriptionId })
    .from(deliveries)
    .where(isNotNull(deliveries.statusCode))
    .orderBy(desc(deliveries.id))
    .limit(sample)
    .as("recent");
  const [rows, flaggedRows] = await Promise.all([
    db
      .select({
        service: subscriptions.pushService,
        total: count(),
        // sum() is a number on SQLite, a numeric string on PostgreSQL
        auth: sql<number>`sum(case when ${recent.code} in (401, 403) then 1 else 0 end)`.mapWith(Number),
        gone: sql<number>`sum(case when ${recent.code} in (404, 410) then 1 else 0 end)`.mapWith(Number),
      })
      .from(recent)
      .innerJoin(subscriptions, eq(subscriptions.id, recent.subscriptionId))
      .groupBy(subscriptions.pushService),
    db.select({ origin: pushOrigins.origin }).from(pushOrigins).where(isNotNull(pushOrigins.authFlaggedAt)),
  ]);
  const flagged = flaggedRows.map((row) => row.origin);
  if (rows.length === 0 && flagged.length === 0)
    return [
      {
        id: "rejections",
        title: "Answers from push services",
        status: "pass",
        detail: "No push service has answered a delivery yet, so there is nothing to judge.",
      },
    ];
  const checks: DoctorCheck[] = rows.map((row) => {
    const authShare = row.auth / row.total;
    const goneShare = row.gone / row.total;
    const detail = `${row.total.toLocaleString("en")} recent answers: ${(authShare * 100).toFixed(1)}% 401/403, ${(goneShare * 100).toFixed(1)}% 404/410.`;
    if (authShare >= 0.05)
      return {
        id: `rejections-${row.service}`,
        title: `${row.service}: authorisation refusals`,
        status: "fail",
        detail,
        fix: "401/403 means the push service rejects our VAPID signature: check the contact (Apple) and that the key pair matches.",
      };
    if (goneShare >= 0.2)
      return {
        id: `rejections-${row.service}`,
        title: `${row.service}: expired subscriptions`,
        status: "warn",
        detail,
        fix: "Many subscriptions are gone (404/410). They are expired automatically; a high share usually means old, inactive subscribers.",
      };
    return { id: `rejections-${row.service}`, title: `${row.service}: answers look healthy`, status: "pass", detail };
  });
  if (flagged.length)
    checks.push({
      id: "flagged-origins",
      title: "Push services flagged for VAPID failures",
      status: "fail",
      detail: flagged.join(", "),
      fix: "A run of 401/403 answers paused sending to these services. Fix the key or contact, then resume the campaign.",
    });
  return checks;
}
