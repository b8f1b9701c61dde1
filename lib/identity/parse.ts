// The verbs' own check of a user id they are handed (the API validates too, but a verb never trusts its caller).
import type { z } from "zod";
import { DomainError } from "@/lib/errors/domain-error";
import { externalIdListSchema, externalIdSchema } from "./schema";

function refusal(error: z.ZodError, field: string): DomainError {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `User id ${issue.path.join(".")}: ` : "";
  const message = `${where}${issue?.message ?? "The user id is not valid."}`;
  return new DomainError("invalid_input", message, { fieldErrors: { [field]: [message] } });
}

export function parseExternalId(value: unknown, field = "externalId"): string {
  const parsed = externalIdSchema.safeParse(value);
  if (!parsed.success) throw refusal(parsed.error, field);
  return parsed.data;
}

export function parseExternalIds(value: unknown, field = "externalIds"): string[] {
  const parsed = externalIdListSchema.safeParse(value);
  if (!parsed.success) throw refusal(parsed.error, field);
  return parsed.data;
}
