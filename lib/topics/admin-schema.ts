// Client-safe: the topic forms and their server actions share these.
import { z } from "zod";
import { topicSlugSchema } from "./schema";

export const topicNameSchema = z
  .string({ error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(80, "Use at most 80 characters.");
export const topicDescriptionSchema = z.string().trim().max(280, "Use at most 280 characters.").default("");

export const createTopicSchema = z.object({
  name: topicNameSchema,
  description: topicDescriptionSchema,
  // optional: derived from the name when left blank
  slug: z.preprocess((value) => (value === "" || value === null ? undefined : value), topicSlugSchema.optional()),
});
export type CreateTopicInput = z.infer<typeof createTopicSchema>;

export const updateTopicSchema = z.object({
  id: z.coerce.number().int().positive(),
  name: topicNameSchema,
  description: topicDescriptionSchema,
});
export type UpdateTopicInput = z.infer<typeof updateTopicSchema>;

export const topicIdSchema = z.object({ id: z.coerce.number().int().positive() });
export const moveTopicSchema = topicIdSchema.extend({ direction: z.enum(["up", "down"]) });

export function slugFromName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 64)
    .replace(/-+$/, "");
}
