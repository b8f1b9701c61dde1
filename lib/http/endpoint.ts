// Every HTTP entry point is one declaration: who may call it, what it reads and how much, its rate limit,
// and a `handle` that calls a lib/ verb. defineEndpoint() turns the declaration into a Next route handler,
// and lib/http/node-transport.ts answers the same declaration straight from Node's request (`npm start`'s
// hot routes). The steps run in one order on both transports:
//   access (session role, or an API key's scope on /api/v1) → origin (state changes under a session) →
//   rate limit → params and query → body (type, size, JSON, schema) → handle → one error shape
//   (lib/http/error-answer.ts).
// Access comes first so an anonymous caller learns nothing but "sign in"; the rate limit comes before the
// body is read, so a refused client costs no parsing.
import type { z } from "zod";
import type { ApiDoc } from "@/lib/api/doc";
import type { AuthenticatedApiKey } from "@/lib/api-keys/authenticate";
import { DomainError } from "@/lib/errors/domain-error";
import type { UserRole } from "@/lib/auth/roles";
import { requireUser } from "@/lib/auth/require-user";
import { getServerContext } from "@/lib/server-context";
import type { UserDto } from "@/lib/users/dto";
import { fieldErrorsOf } from "./action-result";
import { isApiAccess, requireApiKey, type ApiAccess } from "./api-key-access";
import { clientAddress } from "./client-address";
import { answerResponse, errorAnswer, type Answer } from "./error-answer";
import type { HeaderReader } from "./headers";
import { enforceRateLimit, type RateLimiter } from "./rate-limit";
import { assertJsonType, assertMediaType, parseJsonText, readFetchBody } from "./request-body";
import { assertSameOrigin, changesState } from "./site-origin";

export type { Answer };

/** "public", or the lowest role a signed-in caller needs (owner > editor > viewer): a session's access. */
export type Access = "public" | UserRole;

/** What an endpoint may require: a session's access, or (on /api/v1) an API key's scope. */
export type EndpointAccess = Access | ApiAccess;

export type BodySpec = { json: z.ZodType; maxBytes: number } | { text: readonly string[]; maxBytes: number };

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;
type BodyOf<B> = B extends { json: infer S } ? Parsed<S> : B extends { text: readonly string[] } ? string : undefined;

export type EndpointContext<A extends EndpointAccess, B, Q, P> = {
  body: BodyOf<B>;
  query: Parsed<Q>;
  params: Parsed<P>;
  user: A extends "public" | ApiAccess ? null : UserDto;
  /** /api/v1: the key that authenticated the request */
  apiKey: A extends ApiAccess ? AuthenticatedApiKey : null;
  headers: HeaderReader;
  /** the client's address (lib/http/client-address.ts), as the rate limit saw it */
  client: string;
  url: URL;
  /** the Fetch request when Next answers (streamed answers and Auth.js need it); null on the Node transport */
  request: Request | null;
};

export type EndpointDefinition<A extends EndpointAccess = EndpointAccess, B = unknown, Q = unknown, P = unknown> = {
  /** "POST /api/receipts", for logs */
  label: string;
  access: A;
  /** keyed by the client's address, checked before the body is read; several: each must allow the request */
  limiter?: RateLimiter | readonly RateLimiter[];
  body?: B;
  query?: Q;
  /** route params ([id]); a mismatch answers 404 with notFound */
  params?: P;
  notFound?: string;
  /** /api/v1 only: the reference's prose and examples (lib/api/openapi.ts builds the document from it) */
  doc?: ApiDoc;
  handle(context: EndpointContext<A, B, Q, P>): Promise<Answer | Response> | Answer | Response;
};

/** What a transport knows about a request before the pipeline runs. */
export type IncomingRequest = {
  method: string;
  url: URL;
  headers: HeaderReader;
  client: string;
  readBody(maxBytes: number): Promise<string>;
  params(): Promise<Record<string, unknown>>;
  request: Request | null;
};

export type RouteContext = { params: Promise<Record<string, string | string[]>> };

/** A Next route handler built from a declaration; `definition` lets other transports and tests find it. */
export type EndpointHandler = ((request: Request, context?: RouteContext) => Promise<Response>) & {
  readonly definition: EndpointDefinition;
};

const ENDPOINT = Symbol.for("pushboard.endpoint");

/** Whether a route module's export was built by defineEndpoint (the entry-point walk test uses it). */
export function isEndpointHandler(value: unknown): value is EndpointHandler {
  return typeof value === "function" && (value as unknown as Record<symbol, unknown>)[ENDPOINT] === true;
}

function parseWith(schema: unknown, input: unknown, onFailure: (error: z.ZodError) => never): unknown {
  if (!schema) return undefined;
  const result = (schema as z.ZodType).safeParse(input);
  return result.success ? result.data : onFailure(result.error);
}

const invalid = (error: z.ZodError): never => {
  throw new DomainError("invalid_input", "Some fields are invalid.", {
    fieldErrors: fieldErrorsOf(error, { withParents: true }),
  });
};

async function readBody(spec: BodySpec | undefined, incoming: IncomingRequest): Promise<unknown> {
  if (!spec) return undefined;
  const contentType = incoming.headers.get("content-type");
  if ("json" in spec) {
    assertJsonType(contentType);
    return parseWith(spec.json, parseJsonText(await incoming.readBody(spec.maxBytes)), invalid);
  }
  assertMediaType(contentType, spec.text);
  return incoming.readBody(spec.maxBytes);
}

/** Runs the declaration's steps for one request; every refusal is thrown as a DomainError. */
async function run(definition: EndpointDefinition, incoming: IncomingRequest): Promise<Answer | Response> {
  let user: UserDto | null = null;
  let apiKey: AuthenticatedApiKey | null = null;
  if (isApiAccess(definition.access)) {
    apiKey = await requireApiKey(getServerContext().appDb, definition.access, incoming, new Date());
  } else if (definition.access !== "public") {
    const access = await requireUser(definition.access);
    if (!access.ok) throw new DomainError(access.code, access.message);
    user = access.user;
    // a session cookie rides along with any site's request: a state change must come from our own pages
    if (changesState(incoming.method)) assertSameOrigin(incoming.headers);
  }
  for (const limiter of [definition.limiter ?? []].flat()) await enforceRateLimit(limiter, incoming.client);
  const notFound = (): never => {
    throw new DomainError("not_found", definition.notFound ?? "Nothing here.");
  };
  const params = definition.params ? parseWith(definition.params, await incoming.params(), notFound) : undefined;
  const query = parseWith(definition.query, Object.fromEntries(incoming.url.searchParams), invalid);
  const body = await readBody(definition.body as BodySpec | undefined, incoming);
  return definition.handle({
    body,
    query,
    params,
    user,
    apiKey,
    headers: incoming.headers,
    client: incoming.client,
    url: incoming.url,
    request: incoming.request,
  } as never);
}

/** The request through the pipeline, answered as data (a handler's own Response passes through). */
export async function answer(definition: EndpointDefinition, incoming: IncomingRequest): Promise<Answer | Response> {
  try {
    return await run(definition, incoming);
  } catch (error) {
    return errorAnswer(error, definition.label);
  }
}

/** Declares an entry point; the result is its Next route handler. */
export function defineEndpoint<
  A extends EndpointAccess,
  B extends BodySpec | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
>(definition: EndpointDefinition<A, B, Q, P>): EndpointHandler {
  const generic = definition as unknown as EndpointDefinition;
  const handler = async (request: Request, context?: RouteContext): Promise<Response> => {
    const incoming: IncomingRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      client: clientAddress(request.headers),
      readBody: (maxBytes) => readFetchBody(request, maxBytes),
      params: async () => (await context?.params) ?? {},
      request,
    };
    const result = await answer(generic, incoming);
    return result instanceof Response ? result : answerResponse(result);
  };
  return Object.assign(handler, { definition: generic, [ENDPOINT]: true as const });
}
