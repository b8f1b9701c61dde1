// Segment rules: what the rule builder edits, what segments.rules stores, what compile.ts turns into SQL.
// Client-safe: imports only zod and the enum tuples.
import { z } from "zod";
import { PUSH_SERVICES } from "@/lib/db/schema/enums";
import { listOf } from "./list-schema";

export const MAX_CONDITIONS = 20; // per level (top level and each group)
export const MAX_TOTAL_CONDITIONS = 50; // across the whole rule tree
export const MAX_LIST_VALUES = 50;
export const MAX_TOPIC_IDS = 100;
export const MAX_VALUE_LENGTH = 64;
export const MAX_DAYS = 3650;

export const MATCH_MODES = ["all", "any"] as const;
export type MatchMode = (typeof MATCH_MODES)[number];

const matchSchema = z.enum(MATCH_MODES, { error: 'Match must be "all" or "any"' });
const listOp = z.enum(["is", "isNot"], { error: 'Operator must be "is" or "isNot"' });
const timeOp = z.enum(["before", "after"], { error: 'Operator must be "before" or "after"' });

const id = z
  .number({ error: "Topic id must be a number" })
  .int("Topic id must be a whole number")
  .positive("Topic id must be positive");

const textValue = z
  .string({ error: "Value must be text" })
  .trim()
  .min(1, "Value cannot be empty")
  .max(MAX_VALUE_LENGTH, `Value is at most ${MAX_VALUE_LENGTH} characters`);

const textValues = listOf(textValue, {
  typeError: "Values must be a list",
  min: 1,
  minMessage: "Pick at least one value",
  max: MAX_LIST_VALUES,
  maxMessage: `At most ${MAX_LIST_VALUES} values`,
});

// A calendar day (UTC midnight) or a full ISO timestamp with an offset, as JSON stores dates as text.
const dateValue = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: "Date must be YYYY-MM-DD or an ISO timestamp",
});

export const topicsCondition = z.object({
  kind: z.literal("topics"),
  match: z.enum(["any", "all", "none"], { error: 'Topic match must be "any", "all" or "none"' }),
  topicIds: listOf(id, {
    typeError: "Topic ids must be a list",
    min: 1,
    minMessage: "Pick at least one topic",
    max: MAX_TOPIC_IDS,
    maxMessage: `At most ${MAX_TOPIC_IDS} topics`,
  }),
});

export const pushServiceCondition = z.object({
  kind: z.literal("pushService"),
  op: listOp,
  values: listOf(z.enum(PUSH_SERVICES, { error: `Push service must be one of ${PUSH_SERVICES.join(", ")}` }), {
    typeError: "Push services must be a list",
    min: 1,
    minMessage: "Pick at least one push service",
    max: PUSH_SERVICES.length,
    maxMessage: `At most ${PUSH_SERVICES.length} push services`,
  }),
});

const textCondition = <K extends string>(kind: K) =>
  z.object({ kind: z.literal(kind), op: listOp, values: textValues });
export const browserCondition = textCondition("browser");
export const platformCondition = textCondition("platform");
export const languageCondition = textCondition("language");

/** "subscribed" reads createdAt, "lastActive" reads lastSeenAt. before: earlier than the instant; after: at or later. */
export const subscribedCondition = z.object({ kind: z.literal("subscribed"), op: timeOp, date: dateValue });
export const lastActiveCondition = z.object({ kind: z.literal("lastActive"), op: timeOp, date: dateValue });

/** Clicked any campaign in the last N days (lastClickedAt ≥ now − N days), or not. */
export const clickedCondition = z.object({
  kind: z.literal("clicked"),
  op: z.enum(["within", "notWithin"], { error: 'Operator must be "within" or "notWithin"' }),
  days: z
    .number({ error: "Days must be a number" })
    .int("Days must be a whole number")
    .min(1, "Days must be at least 1")
    .max(MAX_DAYS, `Days is at most ${MAX_DAYS}`),
});

export const conditionSchema = z.discriminatedUnion(
  "kind",
  [
    topicsCondition,
    pushServiceCondition,
    browserCondition,
    platformCondition,
    languageCondition,
    subscribedCondition,
    lastActiveCondition,
    clickedCondition,
  ],
  { error: "Unknown condition kind" },
);
export type Condition = z.infer<typeof conditionSchema>;
export type ConditionKind = Condition["kind"];

export const groupSchema = z.object({
  kind: z.literal("group"),
  match: matchSchema,
  conditions: listOf(conditionSchema, {
    typeError: "Group conditions must be a list",
    min: 1,
    minMessage: "A group needs at least one condition",
    max: MAX_CONDITIONS,
    maxMessage: `A group has at most ${MAX_CONDITIONS} conditions`,
  }),
});
export type ConditionGroup = z.infer<typeof groupSchema>;

/** Top level: conditions and one level of groups. No conditions at all matches every subscriber. */
export const segmentRulesSchema = z
  .object({
    match: matchSchema,
    conditions: listOf(
      z.discriminatedUnion("kind", [groupSchema, ...conditionSchema.options], { error: "Unknown condition kind" }),
      {
        typeError: "Conditions must be a list",
        max: MAX_CONDITIONS,
        maxMessage: `At most ${MAX_CONDITIONS} conditions`,
      },
    ),
  })
  .refine(
    (rules) =>
      rules.conditions.reduce(
        (n, c) => n + (c.kind === "group" && Array.isArray(c.conditions) ? c.conditions.length : 1),
        0,
      ) <= MAX_TOTAL_CONDITIONS,
    { message: `At most ${MAX_TOTAL_CONDITIONS} conditions in all`, path: ["conditions"] },
  );
export type SegmentRules = z.infer<typeof segmentRulesSchema>;

export const EMPTY_RULES: SegmentRules = { match: "all", conditions: [] };

export const segmentInputSchema = z.object({
  name: z
    .string({ error: "Name is required" })
    .trim()
    .min(1, "Name is required")
    .max(80, "Name is at most 80 characters"),
  description: z
    .string({ error: "Description must be text" })
    .trim()
    .max(500, "Description is at most 500 characters")
    .default(""),
  rules: segmentRulesSchema,
});
export type SegmentInput = z.input<typeof segmentInputSchema>;
export type SegmentData = z.output<typeof segmentInputSchema>;
