// Admin verbs for topics. The visitor-side reads live in queries.ts; the role check is the caller's.
import { asc, count, eq, isNull, max, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { DomainError } from "@/lib/errors/domain-error";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { slugFromName, type CreateTopicInput, type UpdateTopicInput } from "./admin-schema";

export class TopicAdminError extends DomainError {
  constructor(
    readonly problem: "not_found" | "slug_taken" | "slug_invalid",
    message: string,
  ) {
    super(
      problem === "not_found" ? "not_found" : problem === "slug_taken" ? "conflict" : "invalid_input",
      message,
      problem === "not_found" ? {} : { fieldErrors: { slug: [message] } },
    );
  }
}

export type AdminTopicDto = {
  id: number;
  slug: string;
  name: string;
  description: string;
  position: number;
  archived: boolean;
  activeSubscribers: number;
};

/**
 * Every topic in the public order (archived last), with how many active subscriptions chose it.
 * The count joins every link to its subscription: about 2 s at a million subscribers, so only the
 * Topics page calls this.
 */
export async function listTopicsForAdmin(db: Db): Promise<AdminTopicDto[]> {
  const { subscriptions, subscriptionTopics, topics } = db.tables;
  const counted = await db
    .select({ topicId: subscriptionTopics.topicId, n: count() })
    .from(subscriptionTopics)
    .innerJoin(subscriptions, eq(subscriptions.id, subscriptionTopics.subscriptionId))
    .where(eq(subscriptions.status, "active"))
    .groupBy(subscriptionTopics.topicId);
  const counts = new Map(counted.map((row) => [row.topicId, row.n]));
  const rows = await db
    .select()
    .from(topics)
    .orderBy(...publicOrder(topics));
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    position: row.position,
    archived: row.archivedAt !== null,
    activeSubscribers: counts.get(row.id) ?? 0,
  }));
}

type TopicsTable = Db["tables"]["topics"];

/** Live topics by position, then the archived ones (a boolean sorts false first on both engines). */
function publicOrder(topics: TopicsTable) {
  return [sql`${topics.archivedAt} is not null`, asc(topics.position), asc(topics.id)];
}

/** Every topic's id and name, without counts: for pickers on pages that must stay fast at a million rows. */
export async function listTopicOptions(db: Db): Promise<{ id: number; name: string; archived: boolean }[]> {
  const { topics } = db.tables;
  const rows = await db
    .select({ id: topics.id, name: topics.name, archivedAt: topics.archivedAt })
    .from(topics)
    .orderBy(...publicOrder(topics));
  return rows.map((row) => ({
    id: row.id,
    name: row.archivedAt ? `${row.name} (archived)` : row.name,
    archived: row.archivedAt !== null,
  }));
}

async function requireTopic(db: Db, id: number) {
  const { topics } = db.tables;
  const [row] = await db.select().from(topics).where(eq(topics.id, id)).limit(1);
  if (!row) throw new TopicAdminError("not_found", "This topic no longer exists.");
  return row;
}

/** The highest live position, or -1 when there is no live topic. */
async function lastLivePosition(db: Db): Promise<number> {
  const { topics } = db.tables;
  const [row] = await db
    .select({ position: max(topics.position) })
    .from(topics)
    .where(isNull(topics.archivedAt));
  return row?.position ?? -1;
}

/**
 * The slug's unique index refusing a second topic with it. On SQLite the transaction's write lock makes
 * the check before the insert enough; on PostgreSQL two creates can both pass that check, and the later
 * insert fails here instead.
 */
function isSlugTaken(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "23505";
}

function slugTaken(slug: string): TopicAdminError {
  return new TopicAdminError("slug_taken", `A topic with the key "${slug}" already exists.`);
}

export async function createTopic(
  db: Db,
  input: CreateTopicInput,
  actor: AuditActor,
  now = new Date(),
): Promise<AdminTopicDto> {
  const slug = input.slug ?? slugFromName(input.name);
  if (!slug) throw new TopicAdminError("slug_invalid", "Choose a key made of letters and digits.");
  try {
    return await db.transaction(async (tx) => {
      const { topics } = tx.tables;
      const [existing] = await tx.select({ id: topics.id }).from(topics).where(eq(topics.slug, slug)).limit(1);
      if (existing) throw slugTaken(slug);
      const [last] = await tx.select({ position: max(topics.position) }).from(topics);
      const [row] = await tx
        .insert(topics)
        .values({
          slug,
          name: input.name,
          description: input.description,
          position: (last?.position ?? -1) + 1,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await recordAudit(tx, {
        actor,
        action: "topic.create",
        targetType: "topic",
        targetId: row!.id,
        details: { slug, name: row!.name },
        now,
      });
      return {
        id: row!.id,
        slug,
        name: row!.name,
        description: row!.description,
        position: row!.position,
        archived: false,
        activeSubscribers: 0,
      };
    });
  } catch (error) {
    if (isSlugTaken(error)) throw slugTaken(slug);
    throw error;
  }
}

/** Renames a topic and updates its description; the slug stays, since sites and subscriptions use it. */
export async function updateTopic(db: Db, input: UpdateTopicInput, actor: AuditActor, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const { topics } = tx.tables;
    const before = await requireTopic(tx, input.id);
    await tx
      .update(topics)
      .set({ name: input.name, description: input.description, updatedAt: now })
      .where(eq(topics.id, input.id));
    await recordAudit(tx, {
      actor,
      action: "topic.update",
      targetType: "topic",
      targetId: input.id,
      details: { from: before.name, to: input.name },
      now,
    });
  });
}

/** Swaps a live topic with its live neighbour; positions are renumbered 0..n-1 so gaps never pile up. */
export async function moveTopic(db: Db, id: number, direction: "up" | "down", now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const { topics } = tx.tables;
    await requireTopic(tx, id);
    const rows = await tx
      .select({ id: topics.id })
      .from(topics)
      .where(isNull(topics.archivedAt))
      .orderBy(asc(topics.position), asc(topics.id));
    const live = rows.map((row) => row.id);
    const index = live.indexOf(id);
    const other = direction === "up" ? index - 1 : index + 1;
    if (index === -1 || other < 0 || other >= live.length) return;
    [live[index], live[other]] = [live[other]!, live[index]!];
    for (const [position, topicId] of live.entries())
      await tx.update(topics).set({ position, updatedAt: now }).where(eq(topics.id, topicId));
  });
}

/**
 * Archiving hides a topic from the site and from new choices; subscribers keep it, so campaigns
 * already aimed at it still reach them. Restoring puts it back at the end.
 */
export async function setTopicArchived(
  db: Db,
  id: number,
  archived: boolean,
  actor: AuditActor,
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    const { topics } = tx.tables;
    const row = await requireTopic(tx, id);
    if ((row.archivedAt !== null) === archived) return;
    const position = archived ? row.position : (await lastLivePosition(tx)) + 1;
    await tx
      .update(topics)
      .set({ archivedAt: archived ? now : null, position, updatedAt: now })
      .where(eq(topics.id, id));
    await recordAudit(tx, {
      actor,
      action: archived ? "topic.archive" : "topic.restore",
      targetType: "topic",
      targetId: id,
      details: { slug: row.slug },
      now,
    });
  });
}
