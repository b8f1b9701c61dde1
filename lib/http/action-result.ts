// The one result type of every server action, and the one way zod issues become field errors. Client-safe:
// forms read it with useActionState, the composer runs the same zod schemas in the browser.
import { z } from "zod";
import type { FieldErrors } from "@/lib/errors/domain-error";

export type { FieldErrors };

/** A refusal: one message for the form, errors under their fields, and what was typed (so the form keeps it). */
export type ActionFailure = {
  ok: false;
  message: string;
  fieldErrors?: FieldErrors;
  values?: Record<string, string>;
};

export type ActionSuccess<T> = { ok: true; message: string } & ([T] extends [undefined]
  ? { data?: undefined }
  : { data: T });

/** null before the first submission (useActionState's initial state). */
export type ActionResult<T = undefined> = ActionSuccess<T> | ActionFailure | null;

/**
 * Every issue under its full path ("actions.0.url"), issues of the whole object under "_form". A form
 * shows each under its own input. `withParents` also files a nested issue under its top-level field
 * ("keys" beside "keys.p256dh"): the API's answers do, so a client that only knows its top-level
 * fields still finds the error.
 */
export function fieldErrorsOf(error: z.ZodError, options: { withParents?: boolean } = {}): FieldErrors {
  const out: FieldErrors = {};
  const add = (key: string, message: string) => {
    const list = (out[key] ??= []);
    if (!list.includes(message)) list.push(message);
  };
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    add(path.length > 0 ? path.join(".") : "_form", issue.message);
    if (options.withParents && path.length > 1) add(path[0]!, issue.message);
  }
  return out;
}

/** The field errors of a result, for a form that shows them under each field. */
export function errorsOf(state: ActionResult<unknown>): FieldErrors | undefined {
  return state && !state.ok ? state.fieldErrors : undefined;
}

/**
 * A form field that carries JSON (the composer and the segment builder post their state as one field):
 * text of at most maxChars, parsed, then checked by `schema`. Not JSON at all is one issue on the field.
 */
export function jsonField<S extends z.ZodType>(schema: S, maxChars: number) {
  return z
    .string({ error: "The form arrived incomplete. Reload the page and try again." })
    .max(maxChars, "The form is too large to send.")
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "The form arrived incomplete. Reload the page and try again." });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** Whether an issue concerns the form's framing (a hidden field, the JSON itself) rather than something the person typed. */
export function isFramingError(error: z.ZodError, framing: readonly string[]): boolean {
  return error.issues.some((issue) => issue.path.length <= 1 && framing.includes(String(issue.path[0] ?? "")));
}
