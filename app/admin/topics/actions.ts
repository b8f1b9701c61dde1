"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineFormAction } from "@/lib/http/action";
import { getServerContext } from "@/lib/server-context";
import { createTopic, moveTopic, setTopicArchived, updateTopic } from "@/lib/topics/admin";
import { createTopicSchema, moveTopicSchema, topicIdSchema, updateTopicSchema } from "@/lib/topics/admin-schema";

function done(message: string) {
  revalidatePath("/admin/topics");
  return { ok: true as const, message };
}

export const createTopicAction = defineFormAction({
  name: "topics.create",
  access: "editor",
  schema: createTopicSchema,
  fields: ["name", "description", "slug"],
  keep: ["name", "description", "slug"],
  async handle({ input, user }) {
    const topic = await createTopic(getServerContext().appDb, input, { id: user.id, email: user.email });
    return done(`Topic "${topic.name}" created.`);
  },
});

export const updateTopicAction = defineFormAction({
  name: "topics.update",
  access: "editor",
  schema: updateTopicSchema,
  fields: ["id", "name", "description"],
  keep: ["name", "description"],
  async handle({ input, user }) {
    await updateTopic(getServerContext().appDb, input, { id: user.id, email: user.email });
    return done("Topic saved.");
  },
});

export const moveTopicAction = defineFormAction({
  name: "topics.move",
  access: "editor",
  schema: moveTopicSchema,
  fields: ["id", "direction"],
  invalid: "That move is not possible.",
  async handle({ input }) {
    await moveTopic(getServerContext().appDb, input.id, input.direction);
    return done("Order saved.");
  },
});

export const archiveTopicAction = defineFormAction({
  name: "topics.archive",
  access: "editor",
  schema: topicIdSchema.extend({ archived: z.enum(["true", "false"]) }),
  fields: ["id", "archived"],
  invalid: "That change is not possible.",
  async handle({ input, user }) {
    const archived = input.archived === "true";
    await setTopicArchived(getServerContext().appDb, input.id, archived, { id: user.id, email: user.email });
    return done(archived ? "Topic archived: it is hidden from the site." : "Topic restored.");
  },
});
