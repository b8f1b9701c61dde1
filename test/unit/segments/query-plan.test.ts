// SQLite's plan, read through EXPLAIN QUERY PLAN on the sync connection: the snapshot runs there today.
// PostgreSQL's planner picks by table statistics (a seq scan is right for a few hundred rows), so a plan
// test of a tiny fixture would pin nothing there.
import { describe, expect, it } from "vitest";
import { and } from "drizzle-orm";
import * as tables from "@/lib/db/schema";
import { compileAudienceSync } from "@/lib/audience/compile-sync";
import { compileSegmentRules, isActive } from "@/lib/segments/compile";
import { createTestDb } from "@/test/support/db";
import { addSubscription, addTopic, NOW } from "./factory";

describe("query plan on sqlite", () => {
  it("probes subscription_topics through an index, never a full scan", () => {
    const db = createTestDb();
    const topics = [addTopic(db, "a"), addTopic(db, "b"), addTopic(db, "c")];
    for (let i = 0; i < 200; i += 1) addSubscription(db, { topicIds: topics.filter((_, t) => (i + t) % 2 === 0) });
    db.$client.exec("analyze");

    const wheres = [
      compileSegmentRules(
        tables,
        { match: "all", conditions: [{ kind: "topics", match: "all", topicIds: topics }] },
        NOW,
      ),
      compileSegmentRules(
        tables,
        {
          match: "any",
          conditions: [
            { kind: "topics", match: "none", topicIds: [topics[0]!] },
            { kind: "language", op: "is", values: ["en"] },
          ],
        },
        NOW,
      ),
      compileAudienceSync(
        db,
        { includeSegmentIds: [], excludeSegmentIds: [], includeTopicIds: [topics[0]!], excludeTopicIds: [topics[1]!] },
        NOW,
      ),
    ];
    for (const where of wheres) {
      const query = db
        .select({ id: tables.subscriptions.id })
        .from(tables.subscriptions)
        .where(and(isActive(tables), where))
        .toSQL();
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
