import { z } from "zod";

/** A topic's stable key as the site and the API name it. */
export const topicSlugSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lower-case letters, digits and single dashes");

export const topicSlugListSchema = z.array(topicSlugSchema).max(100, "at most 100 topics");
