import { z } from "zod";
import { HttpError, type FieldErrors } from "./errors";

/** Parses input with a zod schema; a mismatch becomes a 400 whose fieldErrors name each bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, message = "Some fields are invalid."): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const flat = z.flattenError(result.error);
  const fieldErrors: FieldErrors = {};
  for (const [key, messages] of Object.entries(flat.fieldErrors as Record<string, string[] | undefined>)) {
    if (messages && messages.length > 0) fieldErrors[key] = messages;
  }
  if (flat.formErrors.length > 0) fieldErrors._form = flat.formErrors;
  throw new HttpError(400, "invalid_input", message, fieldErrors);
}
