// Client-safe: the "new API key" form and its server action share this schema.
import { z } from "zod";
import { API_SCOPES, apiScopeSchema } from "./scopes";

export const MAX_KEY_LIFETIME_MS = 5 * 365 * 86_400_000;
export const DEFAULT_RATE_LIMIT_PER_SECOND = 100;

/**
 * Why an expiry is refused at `now`, or null. The schema checks it against the browser's or server's clock
 * for the form; createApiKey checks it again against its injected `now`, which is the rule that holds.
 */
export function expiryProblem(expiresAt: Date, now: Date): string | null {
  if (expiresAt.getTime() <= now.getTime()) return "Choose an expiry date in the future.";
  if (expiresAt.getTime() > now.getTime() + MAX_KEY_LIFETIME_MS) return "A key can live at most 5 years.";
  return null;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A form's date field ("2027-01-31", the start of that day in UTC) or a full ISO time; empty means none. */
const expiresAtSchema = z
  .union([z.date(), z.string().trim().max(40)])
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === "") return undefined;
    const date = value instanceof Date ? value : new Date(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
    const readable =
      !Number.isNaN(date.getTime()) &&
      (typeof value !== "string" ||
        (DATE_ONLY.test(value) ? date.toISOString().startsWith(value) : /^\d{4}-\d{2}-\d{2}T/.test(value)));
    if (!readable) {
      ctx.addIssue({ code: "custom", message: "Enter a date like 2027-01-31." });
      return z.NEVER;
    }
    const problem = expiryProblem(date, new Date());
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return date;
  });

const rateLimitSchema = z.preprocess(
  (value) => (value === "" || value === null ? undefined : value),
  z.coerce
    .number({ error: "Enter a whole number of requests per second." })
    .int("Enter a whole number of requests per second.")
    .min(1, "At least 1 request per second.")
    .max(10_000, "At most 10,000 requests per second.")
    .default(DEFAULT_RATE_LIMIT_PER_SECOND),
);

export const createApiKeySchema = z.object({
  name: z
    .string({ error: "Name the key." })
    .trim()
    .min(1, "Name the key, after the system that will use it.")
    .max(80, "At most 80 characters."),
  scopes: z
    .array(apiScopeSchema, { error: "Choose at least one scope." })
    .min(1, "Choose at least one scope.")
    .max(API_SCOPES.length)
    .refine((scopes) => new Set(scopes).size === scopes.length, "Each scope once."),
  expiresAt: expiresAtSchema,
  rateLimitPerSecond: rateLimitSchema,
});

/** What createApiKey takes: the schema's output (a caller with a Date of its own may leave the expiry out). */
export type CreateApiKeyInput = Omit<z.output<typeof createApiKeySchema>, "expiresAt"> & {
  expiresAt?: Date | undefined;
};

export const apiKeyIdSchema = z.object({ id: z.coerce.number().int().positive() });
