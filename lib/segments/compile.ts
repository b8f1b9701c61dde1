// Segment rules → one SQL condition over the `subscriptions` table (referenced by its own name, not an
// alias). Values only ever travel as bound parameters. Every condition is two-valued (never NULL), so
// NOT of any condition is exactly its complement — the audience compiler relies on that for exclusions.
import { and, eq, gte, inArray, isNotNull, isNull, lt, not, notInArray, or, sql, type SQL } from "drizzle-orm";
import { subscriptions } from "@/lib/db/schema/subscriptions";
import { subscriptionTopics } from "@/lib/db/schema/subscription-topics";
import type { Condition, ConditionGroup, MatchMode, SegmentRules } from "./schema";

const DAY_MS = 86_400_000;
const TRUE = sql`1`;
const FALSE = sql`0`;

/** Subscriptions linked to at least one of these topics (correlated, served by the topic index). */
export function hasAnyTopic(topicIds: readonly number[]): SQL {
  const ids = [...new Set(topicIds)];
  if (ids.length === 0) return FALSE;
  return sql`exists (select 1 from ${subscriptionTopics} where ${subscriptionTopics.topicId} in ${ids} and ${subscriptionTopics.subscriptionId} = ${subscriptions.id})`;
}

function combine(match: MatchMode, parts: SQL[]): SQL {
  if (parts.length === 0) return TRUE;
  if (parts.length === 1) return parts[0]!;
  return (match === "all" ? and(...parts) : or(...parts))!;
}

function topics(c: Extract<Condition, { kind: "topics" }>): SQL {
  if (c.match === "any") return hasAnyTopic(c.topicIds);
  if (c.match === "none") return not(hasAnyTopic(c.topicIds));
  return combine(
    "all",
    [...new Set(c.topicIds)].map((topicId) => hasAnyTopic([topicId])),
  );
}

// A language rule "en" matches "en", "EN" and "en-GB": browsers report regional tags.
function languageMatches(values: readonly string[]): SQL {
  const lang = sql`lower(${subscriptions.language})`;
  const tests = [...new Set(values.map((v) => v.toLowerCase()))].map(
    (v) => sql`(${lang} = ${v} or substr(${lang}, 1, ${v.length + 1}) = ${`${v}-`})`,
  );
  return and(isNotNull(subscriptions.language), combine("any", tests))!;
}

function compileCondition(c: Condition, now: Date): SQL {
  switch (c.kind) {
    case "topics":
      return topics(c);
    case "pushService":
      return c.op === "is"
        ? inArray(subscriptions.pushService, c.values)
        : notInArray(subscriptions.pushService, c.values);
    case "browser":
      return c.op === "is" ? inArray(subscriptions.browser, c.values) : notInArray(subscriptions.browser, c.values);
    case "platform":
      return c.op === "is" ? inArray(subscriptions.platform, c.values) : notInArray(subscriptions.platform, c.values);
    case "language":
      return c.op === "is" ? languageMatches(c.values) : not(languageMatches(c.values));
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

function compileNode(node: Condition | ConditionGroup, now: Date): SQL {
  if (node.kind === "group")
    return sql`(${combine(
      node.match,
      node.conditions.map((c) => compileCondition(c, now)),
    )})`;
  return sql`(${compileCondition(node, now)})`;
}

/**
 * The rules as one where-condition over `subscriptions` (status is not looked at: callers add it).
 * `now` anchors the relative rules ("clicked in the last N days").
 */
export function compileSegmentRules(rules: SegmentRules, now: Date): SQL {
  return sql`(${combine(
    rules.match,
    rules.conditions.map((node) => compileNode(node, now)),
  )})`;
}

export const ACTIVE = eq(subscriptions.status, "active");
