// Every server action is one declaration, like every route (./endpoint.ts): who may call it, the zod
// schema of its input, an optional rate limit, and a `handle` that calls a lib/ verb. The steps run in one
// order: access (session role) → a readable form → schema → origin → rate limit → handle → one mapping
// of refusals to the action result (lib/http/error-answer.ts). Next's own control flow (redirect(),
// notFound(), forbidden()) passes through untouched.
//
// Why not next-safe-action: its results are { data, serverError, validationErrors }, while our forms,
// their tests and the role-table suite speak { ok, message, fieldErrors }; the part we need (auth, parse,
// map errors) is this file.
import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { requireUser } from "@/lib/auth/require-user";
import type { UserDto } from "@/lib/users/dto";
import { fieldErrorsOf, type ActionFailure, type ActionResult, type FieldErrors } from "./action-result";
import { clientAddress } from "./client-address";
import { actionFailure } from "./error-answer";
import type { HeaderReader } from "./headers";
import { enforceRateLimit, type RateLimiter } from "./rate-limit";
import { assertSameOrigin } from "./site-origin";
import type { Access } from "./endpoint";

/** What a public action answers when its arguments are not the form it expects (any client can call it with anything). */
export const UNREADABLE_FORM = {
  ok: false as const,
  message: "This form could not be read. Reload the page and try again.",
};

export type ActionContext<A extends Access, I> = {
  input: I;
  user: A extends "public" ? null : UserDto;
  /** the client's address, for the audit log and throttles */
  client: string;
  headers: HeaderReader;
  now: Date;
};

type Definition<A extends Access, S extends z.ZodType, T> = {
  /** for logs: "campaigns.save" */
  name: string;
  access: A;
  schema: S;
  /** the message above the fields when the schema refuses the input */
  invalid?: string | ((error: z.ZodError) => string);
  limiter?: RateLimiter;
  /** a refusal that holds whatever the input (setup once an owner exists), checked right after access */
  precondition?: () => ActionFailure | null | Promise<ActionFailure | null>;
  handle(context: ActionContext<A, z.output<S>>): Promise<ActionResult<T>> | ActionResult<T>;
};

export type FormActionDefinition<A extends Access, S extends z.ZodType, T> = Definition<A, S, T> & {
  /** the raw input from the form: by default each field named here as its value (text, or a File the schema refuses) */
  fields?: readonly string[];
  read?: (form: FormData) => unknown;
  /** fields sent back as typed when the action refuses, so the form keeps them (never a password) */
  keep?: readonly string[];
  /**
   * A field that carries the form's JSON (jsonField): its issues are reported by their path inside it
   * ("title", "actions.0.url"), as the form's inputs know them.
   */
  jsonPayload?: string;
};

const ACTION = Symbol.for("pushboard.action");

/** What an action declared, readable from its function (the entry-point and role tests use it). */
export type DeclaredAction = { readonly declaration: { name: string; access: Access } };

/** Whether an export of an actions file was built by defineAction/defineFormAction. */
export function isDeclaredAction(value: unknown): value is DeclaredAction {
  return typeof value === "function" && (value as unknown as Record<symbol, unknown>)[ACTION] === true;
}

function readFields(form: FormData, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((name) => [name, form.get(name) ?? undefined]));
}

function keptValues(form: FormData, keep: readonly string[] | undefined): Record<string, string> | undefined {
  if (!keep?.length) return undefined;
  const values: Record<string, string> = {};
  for (const name of keep) {
    const value = form.get(name);
    if (typeof value === "string") values[name] = value.slice(0, 10_000);
  }
  return values;
}

/** Issues of the JSON payload field by their path inside it; the field itself (not JSON at all) under "_form". */
function unwrapPayload(errors: FieldErrors, field: string | undefined): FieldErrors {
  if (!field) return errors;
  const out: FieldErrors = {};
  for (const [key, messages] of Object.entries(errors)) {
    const inner = key === field ? "_form" : key.startsWith(`${field}.`) ? key.slice(field.length + 1) : key;
    (out[inner] ??= []).push(...messages);
  }
  return out;
}

async function run<A extends Access, S extends z.ZodType, T>(
  definition: Definition<A, S, T> & { jsonPayload?: string },
  raw: () => unknown,
  withValues: (failure: ActionFailure) => ActionFailure,
): Promise<ActionResult<T>> {
  try {
    let user: UserDto | null = null;
    if (definition.access !== "public") {
      const access = await requireUser(definition.access);
      if (!access.ok) return { ok: false, message: access.message };
      user = access.user;
    }
    const unavailable = await definition.precondition?.();
    if (unavailable) return unavailable;
    const parsed = definition.schema.safeParse(raw());
    if (!parsed.success) {
      const message =
        typeof definition.invalid === "function"
          ? definition.invalid(parsed.error)
          : (definition.invalid ?? "Check the highlighted fields.");
      return withValues({
        ok: false,
        message,
        fieldErrors: unwrapPayload(fieldErrorsOf(parsed.error), definition.jsonPayload),
      });
    }
    const requestHeaders = await headers();
    // proxy.ts refuses foreign origins before Next decodes the action; this holds without the proxy too
    assertSameOrigin(requestHeaders);
    const client = clientAddress(requestHeaders);
    if (definition.limiter) await enforceRateLimit(definition.limiter, client);
    const result = await definition.handle({
      input: parsed.data,
      user: user as never,
      client,
      headers: requestHeaders,
      now: new Date(),
    });
    return result && !result.ok ? withValues(result) : result;
  } catch (error) {
    unstable_rethrow(error);
    return withValues(actionFailure(error, definition.name));
  }
}

function mark<F extends object>(fn: F, definition: { name: string; access: Access }): F & DeclaredAction {
  return Object.assign(fn, {
    [ACTION]: true as const,
    declaration: { name: definition.name, access: definition.access },
  });
}

/** An action a form posts to with useActionState: (previous result, form data) → result. */
export function defineFormAction<A extends Access, S extends z.ZodType, T = undefined>(
  definition: FormActionDefinition<A, S, T>,
) {
  return mark(async (_previous: ActionResult<T>, form: FormData): Promise<ActionResult<T>> => {
    // any client can call an action with arguments of its choosing: a non-form is refused before it is read
    if (!(form instanceof FormData)) {
      if (definition.access !== "public") {
        const access = await requireUser(definition.access);
        if (!access.ok) return { ok: false, message: access.message };
      }
      return UNREADABLE_FORM;
    }
    const raw = () => (definition.read ? definition.read(form) : readFields(form, definition.fields ?? []));
    const values = keptValues(form, definition.keep);
    return run(definition, raw, (failure) => (values ? { ...failure, values } : failure));
  }, definition);
}

/** An action a component calls with a value (a live count, a test send): (input) → result. */
export function defineAction<A extends Access, S extends z.ZodType, T = undefined>(definition: Definition<A, S, T>) {
  return mark(
    async (input: unknown): Promise<ActionResult<T>> =>
      run(
        definition,
        () => input,
        (failure) => failure,
      ),
    definition,
  );
}
