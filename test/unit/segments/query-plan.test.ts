import { describe, expect, it } from "vitest";
import { and } from "drizzle-orm";
import { subscriptions } from "@/lib/db/schema/subscriptions";
import { compileAudience } from "@/lib/audience/compile";
import { ACTIVE, compileSegmentRules } from "@/lib/segments/compile";
import { createTestDb } from "@/test/support/db";
import { addSubscription, addTopic, NOW } from "./factory";

describe("query plan", () => {
  it("probes subscription_topics through an index, never a full scan", () => {
    const db = createTestDb();
    const topics = [addTopic(db, "a"), addTopic(db, "b"), addTopic(db, "c")];
    for (let i = 0; i < 200; i += 1) addSubscription(db, { topicIds: topics.filter((_, t) => (i + t) % 2 === 0) });
    db.$client.exec("analyze");

    const wheres = [
      compileSegmentRules({ match: "all", conditions: [{ kind: "topics", match: "all", topicIds: topics }] }, NOW),
      compileSegmentRules(
        {
          match: "any",
          conditions: [
            { kind: "topics", match: "none", topicIds: [topics[0]!] },
            { kind: "language", op: "is", values: ["en"] },
          ],
        },
        NOW,
      ),
      compileAudience(
        db,
        { includeSegmentIds: [], excludeSegmentIds: [], includeTopicIds: [topics[0]!], excludeTopicIds: [topics[1]!] },
        NOW,
      ),
    ];
    for (const where of wheres) {
      const query = db.select({ id: subscriptions.id }).from(subscriptions).where(and(ACTIVE, where)).toSQL();
      const plan = db.$client
        .prepare(`explain query plan ${query.sql}`)
        .all(...query.params)
        .map((row) => (row as { detail: string }).detail);
      const topicSteps = plan.filter((step) => step.includes("subscription_topics"));
      expect(topicSteps.length, plan.join("\n")).toBeGreaterThan(0);
      for (const step of topicSteps)
        expect(step, plan.join("\n")).toMatch(/^SEARCH subscription_topics .*USING COVERING INDEX/);
      expect(plan.join("\n")).not.toMatch(/SCAN subscription_topics/);
    }
  });
});
