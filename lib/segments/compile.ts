// Segment rules → one SQL condition over the `subscriptions` table (referenced by its own name, not an
// alias). Values only ever travel as bound parameters. Every condition is two-valued (never NULL), so
// NOT of any condition is exactly its complement — the audience compiler relies on that for exclusions.
//
// Pure: no query runs here. The condition is built over the tables it is given (`db.tables`, or the
// SQLite schema for the sync sender), because each engine's columns encode values their own way: a time
// is integer milliseconds on SQLite and a timestamptz on PostgreSQL, so comparisons go through Drizzle's
// column operators, never raw numbers.
import { and, eq, gte, inArray, isNotNull, isNull, lt, not, notInArray, or, sql, type SQL } from "drizzle-orm";
import type { Tables } from "@/lib/db/app-db";
import type { Condition, ConditionGroup, MatchMode, SegmentRules } from "./schema";

/** What the compiler reads: `db.tables`, or the SQLite schema module. */
export type RuleTables = Pick<Tables, "subscriptions" | "subscriptionTopics">;

const DAY_MS = 86_400_000;
// boolean literals, not 1/0: PostgreSQL refuses an integer as a WHERE condition or under NOT
const TRUE = sql`true`;
const FALSE = sql`false`;

/** Subscriptions linked to at least one of these topics (correlated, served by the topic index). */
export function hasAnyTopic(tables: RuleTables, topicIds: readonly number[]): SQL {
  const { subscriptions, subscriptionTopics } = tables;
  const ids = [...new Set(topicIds)];
  if (ids.length === 0) return FALSE;
  return sql`exists (select 1 from ${subscriptionTopics} where ${subscriptionTopics.topicId} in ${ids} and ${subscriptionTopics.subscriptionId} = ${subscriptions.id})`;
}

function combine(match: MatchMode, parts: SQL[]): SQL {
  if (parts.length === 0) return TRUE;
  if (parts.length === 1) return parts[0]!;
  return (match === "all" ? and(...parts) : or(...parts))!;
}

function topics(tables: RuleTables, c: Extract<Condition, { kind: "topics" }>): SQL {
  if (c.match === "any") return hasAnyTopic(tables, c.topicIds);
  if (c.match === "none") return not(hasAnyTopic(tables, c.topicIds));
  return combine(
    "all",
    [...new Set(c.topicIds)].map((topicId) => hasAnyTopic(tables, [topicId])),
  );
}

// A language rule "en" matches "en", "EN" and "en-GB": browsers report regional tags.
function languageMatches({ subscriptions }: RuleTables, values: readonly string[]): SQL {
  const lang = sql`lower(${subscriptions.language})`;
  const tests = [...new Set(values.map((v) => v.toLowerCase()))].map(
    (v) => sql`(${lang} = ${v} or substr(${lang}, 1, ${v.length + 1}) = ${`${v}-`})`,
  );
  return and(isNotNull(subscriptions.language), combine("any", tests))!;
}

function compileCondition(tables: RuleTables, c: Condition, now: Date): SQL {
  const { subscriptions } = tables;
  switch (c.kind) {
    case "topics":
      return topics(tables, c);
    case "pushService":
      return c.op === "is"
        ? inArray(subscriptions.pushService, c.values)
        : notInArray(subscriptions.pushService, c.values);
    case "browser":
      return c.op === "is" ? inArray(subscriptions.browser, c.values) : notInArray(subscriptions.browser, c.values);
    case "platform":
      return c.op === "is" ? inArray(subscriptions.platform, c.values) : notInArray(subscriptions.platform, c.values);
    case "language":
      return c.op === "is" ? languageMatches(tables, c.values) : not(languageMatches(tables, c.values));
    case "subscribed": {
      const at = new Date(c.date);
      return c.op === "before" ? lt(subscriptions.createdAt, at) : gte(subscriptions.createdAt, at);
    }
    case "lastActive": {
      // Never seen counts as inactive: "before" takes it, "after" does not.
      const at = new Date(c.date);
      return c.op === "before"
        ? or(isNull(subscriptions.lastSeenAt), lt(subscriptions.lastSeenAt, at))!
        : and(isNotNull(subscriptions.lastSeenAt), gte(subscriptions.lastSeenAt, at))!;
    }
    case "clicked": {
      const since = new Date(now.getTime() - c.days * DAY_MS);
      const within = and(isNotNull(subscriptions.lastClickedAt), gte(subscriptions.lastClickedAt, since))!;
      return c.op === "within" ? within : not(within);
    }
    default: {
      const unknown: never = c;
      throw new Error(`Unknown condition ${JSON.stringify(unknown)}`);
    }
  }
}

function compileNode(tables: RuleTables, node: Condition | ConditionGroup, now: Date): SQL {
  if (node.kind === "group")
    return sql`(${combine(
      node.match,
      node.conditions.map((c) => compileCondition(tables, c, now)),
    )})`;
  return sql`(${compileCondition(tables, node, now)})`;
}

/**
 * The rules as one where-condition over `subscriptions` (status is not looked at: callers add it).
 * `now` anchors the relative rules ("clicked in the last N days").
 */
export function compileSegmentRules(tables: RuleTables, rules: SegmentRules, now: Date): SQL {
  return sql`(${combine(
    rules.match,
    rules.conditions.map((node) => compileNode(tables, node, now)),
  )})`;
}

/** Subscriptions that can receive pushes: every audience and count starts from these. */
export function isActive({ subscriptions }: RuleTables): SQL {
  return eq(subscriptions.status, "active");
}
