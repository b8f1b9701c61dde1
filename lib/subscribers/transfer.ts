// Moving subscriptions in and out with their keys, in the shape other push tools export:
// { endpoint, keys: { p256dh, auth } } (the browser's PushSubscription.toJSON()) or flat columns
// endpoint, p256dh, auth, optional topics. Keys are secrets: only owners may do this, and it is audited.
import { and, asc, eq, gt, inArray, isNotNull } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import type { subscriptions as subscriptionsTable } from "@/lib/db/schema";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { checkEndpoint } from "@/lib/push/endpoint-policy";
import { validateSubscriptionKeys } from "@/lib/push/subscription-keys";
import { csvLine } from "@/lib/csv/write";
import { externalIdSchema } from "@/lib/identity/schema";
import type { ImportRow } from "./import-file";

export type ImportRefusal = { line: number; endpoint: string; reason: string };
export type ImportReport = { imported: number; alreadyPresent: number; refused: ImportRefusal[]; refusedTotal: number };

const shown = (endpoint: unknown) => {
  if (typeof endpoint !== "string" || endpoint === "") return "(none)";
  try {
    return `${new URL(endpoint).host}/…${endpoint.slice(-6)}`;
  } catch {
    return "(not a URL)";
  }
};

const IMPORT_BATCH = 1_000;

type NewSubscription = typeof subscriptionsTable.$inferInsert;
type Candidate = { values: NewSubscription; topicIds: number[] };

/**
 * Validates every row (endpoint policy, key check, known topics) and stores the good ones as active
 * subscriptions made with `vapidPublicKey`. Endpoints already stored are left as they are.
 */
export async function importSubscriptions(
  db: Db,
  rows: ImportRow[],
  ctx: { extraHosts: readonly string[]; vapidPublicKey: string; actor: AuditActor; now?: Date },
): Promise<ImportReport> {
  const { topics } = db.tables;
  const now = ctx.now ?? new Date();
  const topicIds = new Map(
    (await db.select({ id: topics.id, slug: topics.slug }).from(topics)).map((t) => [t.slug, t.id]),
  );
  const report: ImportReport = { imported: 0, alreadyPresent: 0, refused: [], refusedTotal: 0 };
  const refuse = (row: ImportRow, reason: string) => {
    report.refusedTotal++;
    if (report.refused.length < 500) report.refused.push({ line: row.line, endpoint: shown(row.endpoint), reason });
  };
  const seen = new Set<string>();
  /** The row as a subscription to store, or null when it is refused (the reason is reported). */
  const candidate = (row: ImportRow): Candidate | null => {
    if (typeof row.endpoint !== "string") {
      refuse(row, "The endpoint is missing");
      return null;
    }
    const endpoint = checkEndpoint(row.endpoint, ctx.extraHosts);
    if (!endpoint.ok) {
      refuse(row, endpoint.reason);
      return null;
    }
    const keys = validateSubscriptionKeys(row.p256dh, row.auth);
    if (!keys.ok) {
      refuse(row, keys.reason);
      return null;
    }
    const externalId = row.externalId === undefined ? null : externalIdSchema.safeParse(row.externalId);
    if (externalId && !externalId.success) {
      refuse(row, `external_id: ${externalId.error.issues[0]?.message ?? "not a user id"}`);
      return null;
    }
    const unknown = row.topics.filter((slug) => !topicIds.has(slug));
    if (unknown.length) {
      refuse(row, `Unknown topics: ${unknown.join(", ").slice(0, 200)}`);
      return null;
    }
    // compared and stored canonical, as the visitor API does: two spellings are one subscription
    const canonical = endpoint.endpoint;
    if (seen.has(canonical)) {
      refuse(row, "The same endpoint appears earlier in the file");
      return null;
    }
    seen.add(canonical);
    return {
      values: {
        endpoint: canonical,
        p256dh: keys.p256dh,
        auth: keys.auth,
        status: "active",
        pushService: endpoint.pushService,
        pushHost: endpoint.url.port ? `${endpoint.host}:${endpoint.url.port}` : endpoint.host,
        vapidPublicKey: ctx.vapidPublicKey,
        externalId: externalId?.data ?? null,
        createdAt: now,
        updatedAt: now,
      },
      topicIds: [...new Set(row.topics.map((slug) => topicIds.get(slug)!))],
    };
  };
  for (let start = 0; start < rows.length; start += IMPORT_BATCH) {
    const batch = rows
      .slice(start, start + IMPORT_BATCH)
      .map(candidate)
      .filter((c): c is Candidate => c !== null);
    if (batch.length === 0) continue;
    const stored = await storeImportBatch(db, batch);
    report.imported += stored;
    report.alreadyPresent += batch.length - stored;
  }
  await recordAudit(db, {
    actor: ctx.actor,
    action: "subscriber.import",
    targetType: "subscriptions",
    details: { imported: report.imported, alreadyPresent: report.alreadyPresent, refused: report.refusedTotal },
    now,
  });
  return report;
}

/**
 * Stores one batch of validated subscriptions with their topics, all or nothing; returns how many were
 * new. An endpoint already stored (in any status: importing never brings an unsubscribed or expired
 * endpoint back) is skipped by the unique index itself, so a visitor subscribing meanwhile is no error.
 */
async function storeImportBatch(db: Db, batch: Candidate[]): Promise<number> {
  return db.transaction(async (tx) => {
    const { subscriptions, subscriptionTopics } = tx.tables;
    const inserted = await tx
      .insert(subscriptions)
      .values(batch.map((c) => c.values))
      .onConflictDoNothing({ target: subscriptions.endpoint })
      .returning({ id: subscriptions.id, endpoint: subscriptions.endpoint });
    // matched by endpoint, not position: RETURNING's order is not promised on PostgreSQL
    const idOf = new Map(inserted.map((row) => [row.endpoint, row.id]));
    const links = batch.flatMap((c) => {
      const id = idOf.get(c.values.endpoint);
      return id === undefined ? [] : c.topicIds.map((topicId) => ({ subscriptionId: id, topicId }));
    });
    if (links.length) await tx.insert(subscriptionTopics).values(links);
    return inserted.length;
  });
}

/** Active subscriptions with their keys and topic slugs, streamed in id order, as JSON or CSV. */
export function subscriptionsWithKeysStream(
  db: Db,
  format: "json" | "csv",
  pageSize = 1_000,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after = 0;
  let first = true;
  let started = false;
  const { subscriptions, subscriptionTopics, topics } = db.tables;
  // pull returns a promise: the stream asks for the next page only once this one is enqueued
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(
          encoder.encode(
            format === "json"
              ? "[\n"
              : csvLine(["endpoint", "p256dh", "auth", "topics", "subscribed_at", "external_id"]),
          ),
        );
        return;
      }
      const rows = await db
        .select({
          id: subscriptions.id,
          endpoint: subscriptions.endpoint,
          p256dh: subscriptions.p256dh,
          auth: subscriptions.auth,
          createdAt: subscriptions.createdAt,
          externalId: subscriptions.externalId,
        })
        .from(subscriptions)
        .where(
          and(
            eq(subscriptions.status, "active"),
            gt(subscriptions.id, after),
            isNotNull(subscriptions.p256dh),
            isNotNull(subscriptions.auth),
          ),
        )
        .orderBy(asc(subscriptions.id))
        .limit(pageSize);
      if (rows.length === 0) {
        if (format === "json") controller.enqueue(encoder.encode("\n]\n"));
        controller.close();
        return;
      }
      const slugs = new Map<number, string[]>();
      for (const link of await db
        .select({ id: subscriptionTopics.subscriptionId, slug: topics.slug })
        .from(subscriptionTopics)
        .innerJoin(topics, eq(topics.id, subscriptionTopics.topicId))
        .where(
          inArray(
            subscriptionTopics.subscriptionId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(topics.position), asc(topics.id))) {
        slugs.set(link.id, [...(slugs.get(link.id) ?? []), link.slug]);
      }
      const chunk = rows
        .map((row) => {
          const topicSlugs = slugs.get(row.id) ?? [];
          if (format === "csv")
            return csvLine(
              [row.endpoint, row.p256dh, row.auth, topicSlugs.join(";"), row.createdAt.toISOString(), row.externalId],
              { raw: true },
            );
          const json = JSON.stringify({
            endpoint: row.endpoint,
            keys: { p256dh: row.p256dh, auth: row.auth },
            topics: topicSlugs,
            subscribedAt: row.createdAt.toISOString(),
            ...(row.externalId === null ? {} : { externalId: row.externalId }),
          });
          const line = first ? json : `,\n${json}`;
          first = false;
          return line;
        })
        .join("");
      controller.enqueue(encoder.encode(chunk));
      after = rows[rows.length - 1]!.id;
    },
  });
}
