// Admin verbs for topics. The visitor-side reads live in queries.ts; the role check is the caller's.
import { and, asc, count, eq, isNull, max, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { DomainError } from "@/lib/errors/domain-error";
import { subscriptions, subscriptionTopics, topics } from "@/lib/db/schema";
import { recordAuditSync, type AuditActor } from "@/lib/audit/record";
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
export function listTopicsForAdmin(db: Db): AdminTopicDto[] {
  const counts = new Map(
    db
      .select({ topicId: subscriptionTopics.topicId, n: count() })
      .from(subscriptionTopics)
      .innerJoin(subscriptions, eq(subscriptions.id, subscriptionTopics.subscriptionId))
      .where(eq(subscriptions.status, "active"))
      .groupBy(subscriptionTopics.topicId)
      .all()
      .map((row) => [row.topicId, row.n]),
  );
  return db
    .select()
    .from(topics)
    .orderBy(sql`${topics.archivedAt} is not null`, asc(topics.position), asc(topics.id))
    .all()
    .map((row) => ({
      id: row.id,
      slug: row.slug,
      name: row.name,
      description: row.description,
      position: row.position,
      archived: row.archivedAt !== null,
      activeSubscribers: counts.get(row.id) ?? 0,
    }));
}

/** Every topic's id and name, without counts: for pickers on pages that must stay fast at a million rows. */
export function listTopicOptions(db: Db): { id: number; name: string; archived: boolean }[] {
  return db
    .select({ id: topics.id, name: topics.name, archivedAt: topics.archivedAt })
    .from(topics)
    .orderBy(sql`${topics.archivedAt} is not null`, asc(topics.position), asc(topics.id))
    .all()
    .map((row) => ({
      id: row.id,
      name: row.archivedAt ? `${row.name} (archived)` : row.name,
      archived: row.archivedAt !== null,
    }));
}

function requireTopic(db: Db, id: number) {
  const row = db.select().from(topics).where(eq(topics.id, id)).get();
  if (!row) throw new TopicAdminError("not_found", "This topic no longer exists.");
  return row;
}

export function createTopic(db: Db, input: CreateTopicInput, actor: AuditActor, now = new Date()): AdminTopicDto {
  const slug = input.slug ?? slugFromName(input.name);
  if (!slug) throw new TopicAdminError("slug_invalid", "Choose a key made of letters and digits.");
  return db.transaction(
    (tx) => {
      const t = tx as unknown as Db;
      if (t.select({ id: topics.id }).from(topics).where(eq(topics.slug, slug)).get()) {
        throw new TopicAdminError("slug_taken", `A topic with the key "${slug}" already exists.`);
      }
      const last =
        t
          .select({ position: max(topics.position) })
          .from(topics)
          .get()?.position ?? -1;
      const row = t
        .insert(topics)
        .values({
          slug,
          name: input.name,
          description: input.description,
          position: last + 1,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      recordAuditSync(t, {
        actor,
        action: "topic.create",
        targetType: "topic",
        targetId: row.id,
        details: { slug, name: row.name },
        now,
      });
      return {
        id: row.id,
        slug,
        name: row.name,
        description: row.description,
        position: row.position,
        archived: false,
        activeSubscribers: 0,
      };
    },
    { behavior: "immediate" },
  );
}

/** Renames a topic and updates its description; the slug stays, since sites and subscriptions use it. */
export function updateTopic(db: Db, input: UpdateTopicInput, actor: AuditActor, now = new Date()): void {
  db.transaction(
    (tx) => {
      const t = tx as unknown as Db;
      const before = requireTopic(t, input.id);
      t.update(topics)
        .set({ name: input.name, description: input.description, updatedAt: now })
        .where(eq(topics.id, input.id))
        .run();
      recordAuditSync(t, {
        actor,
        action: "topic.update",
        targetType: "topic",
        targetId: input.id,
        details: { from: before.name, to: input.name },
        now,
      });
    },
    { behavior: "immediate" },
  );
}

/** Swaps a live topic with its live neighbour; positions are renumbered 0..n-1 so gaps never pile up. */
export function moveTopic(db: Db, id: number, direction: "up" | "down", now = new Date()): void {
  db.transaction(
    (tx) => {
      const t = tx as unknown as Db;
      requireTopic(t, id);
      const live = t
        .select({ id: topics.id })
        .from(topics)
        .where(isNull(topics.archivedAt))
        .orderBy(asc(topics.position), asc(topics.id))
        .all()
        .map((row) => row.id);
      const index = live.indexOf(id);
      const other = direction === "up" ? index - 1 : index + 1;
      if (index === -1 || other < 0 || other >= live.length) return;
      [live[index], live[other]] = [live[other]!, live[index]!];
      live.forEach((topicId, position) =>
        t.update(topics).set({ position, updatedAt: now }).where(eq(topics.id, topicId)).run(),
      );
    },
    { behavior: "immediate" },
  );
}

/**
 * Archiving hides a topic from the site and from new choices; subscribers keep it, so campaigns
 * already aimed at it still reach them. Restoring puts it back at the end.
 */
export function setTopicArchived(db: Db, id: number, archived: boolean, actor: AuditActor, now = new Date()): void {
  db.transaction(
    (tx) => {
      const t = tx as unknown as Db;
      const row = requireTopic(t, id);
      if ((row.archivedAt !== null) === archived) return;
      const position = archived
        ? row.position
        : (t
            .select({ position: max(topics.position) })
            .from(topics)
            .where(and(isNull(topics.archivedAt)))
            .get()?.position ?? -1) + 1;
      t.update(topics)
        .set({ archivedAt: archived ? now : null, position, updatedAt: now })
        .where(eq(topics.id, id))
        .run();
      recordAuditSync(t, {
        actor,
        action: archived ? "topic.archive" : "topic.restore",
        targetType: "topic",
        targetId: id,
        details: { slug: row.slug },
        now,
      });
    },
    { behavior: "immediate" },
  );
}
