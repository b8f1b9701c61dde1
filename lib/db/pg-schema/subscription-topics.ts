import { pgTable, integer, index, primaryKey } from "drizzle-orm/pg-core";
import { subscriptions } from "./subscriptions";
import { topics } from "./topics";

export const subscriptionTopics = pgTable(
  "subscription_topics",
  {
    subscriptionId: integer()
      .notNull()
      .references(() => subscriptions.id, { onDelete: "cascade" }),
    topicId: integer()
      .notNull()
      .references(() => topics.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.subscriptionId, t.topicId] }),
    // audience rules "subscribed to topic X" and per-topic counts start from the topic
    index("subscription_topics_topic_idx").on(t.topicId, t.subscriptionId),
  ],
);
