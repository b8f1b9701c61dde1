// The OpenAPI 3.1 document of /api/v1, built from the routes' own declarations: the path and query
// parameters, the request body and the scope come from the same zod schemas and access the pipeline
// enforces (lib/http/endpoint.ts), so the document cannot say one thing while the server does another.
// What only a reader needs (a summary, the success answer's shape, an example) is the declaration's `doc`.
// zod 4 writes JSON Schema 2020-12, which is OpenAPI 3.1's own dialect.
import { z } from "zod";
import { ERROR_STATUS } from "@/lib/errors/domain-error";
import { isApiAccess } from "@/lib/http/api-key-access";
import type { EndpointDefinition, EndpointHandler } from "@/lib/http/endpoint";
import { curlExample } from "./curl-example";
import type { ApiDoc } from "./doc";

export type { ApiDoc };

/** One file under app/api/v1: its URL path ("/api/v1/notifications/{id}") and its method exports. */
export type ApiRouteModule = { path: string; methods: Partial<Record<HttpMethod, EndpointHandler>> };

type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type JsonSchema = Record<string, unknown>;

const STATUS_TEXT: Record<number, string> = {
  400: "Invalid input: the message and fieldErrors name each wrong field",
  401: "No key, or a wrong, revoked or expired one",
  403: "The key lacks the scope this operation needs",
  404: "Not found",
  409: "Conflict with the current state",
  413: "Body too large",
  415: "Body is not application/json",
  422: "Well-formed but refused (for example an Idempotency-Key reused with another body)",
  429: "Over the key's rate limit: wait for Retry-After seconds",
};

/** A zod schema as a JSON Schema for OpenAPI: the input side (what a client sends), no $schema line. */
export function jsonSchemaOf(schema: z.ZodType, io: "input" | "output" = "input"): JsonSchema {
  const document = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  delete document.$schema;
  return document;
}

/** The scope an API declaration requires, or null for one that is not an API-key endpoint. */
export function scopeOf(definition: EndpointDefinition): string | null {
  if (isApiAccess(definition.access)) return definition.access.apiScope;
  return null;
}

function parametersOf(definition: EndpointDefinition): JsonSchema[] {
  const out: JsonSchema[] = [];
  const add = (schema: unknown, where: "path" | "query") => {
    if (!schema) return;
    const shape = jsonSchemaOf(schema as z.ZodType);
    const properties = (shape.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((shape.required ?? []) as string[]);
    for (const [name, property] of Object.entries(properties)) {
      const { description, ...propertySchema } = property;
      out.push({
        name,
        in: where,
        required: where === "path" || required.has(name),
        ...(description ? { description } : {}),
        schema: propertySchema,
      });
    }
  };
  add(definition.params, "path");
  add(definition.query, "query");
  return out;
}

function responsesOf(doc: ApiDoc): Record<string, JsonSchema> {
  const responses: Record<string, JsonSchema> = {
    [doc.success.status]: {
      description: doc.success.description,
      ...(doc.success.schema
        ? { content: { "application/json": { schema: jsonSchemaOf(doc.success.schema, "output") } } }
        : {}),
    },
  };
  for (const status of [...new Set([400, 401, 403, 429, ...(doc.errors ?? [])])].sort()) {
    responses[status] = { $ref: `#/components/responses/E${status}` };
  }
  return responses;
}

function operationOf(method: HttpMethod, path: string, handler: EndpointHandler, origin: string): JsonSchema {
  const definition = handler.definition;
  const doc = definition.doc;
  if (!doc) throw new Error(`${method} ${path} has no doc: every /api/v1 operation must describe itself`);
  const scope = scopeOf(definition);
  if (!scope) throw new Error(`${method} ${path} is not an API-key endpoint`);
  const body = (definition.body as { json?: z.ZodType; maxBytes?: number } | undefined)?.json;
  return {
    operationId: `${method.toLowerCase()}${path
      .replace(/^\/api\/v1/, "")
      .replace(/[{}]/g, "")
      .replace(/\/(\w)/g, (_, c: string) => c.toUpperCase())}`,
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    tags: [doc.tag],
    security: [{ apiKey: [scope] }],
    "x-scope": scope,
    parameters: parametersOf(definition),
    ...(body
      ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchemaOf(body) } } } }
      : {}),
    responses: responsesOf(doc),
    "x-codeSamples": [{ lang: "shell", label: "curl", source: curlExample(method, origin + path, doc.exampleBody) }],
  };
}

const errorShape = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", enum: Object.keys(ERROR_STATUS) },
        message: { type: "string", description: "Written for the developer reading it; names the field" },
        fieldErrors: {
          type: "object",
          additionalProperties: { type: "array", items: { type: "string" } },
          description: 'Messages per field path ("target", "actions.0.url")',
        },
      },
    },
  },
};

/** The whole document; `origin` is this install's public URL (for servers and the curl examples). */
/** The document's own version: bump it with every change a client could notice. */
export const API_VERSION = "1.0.0";

export function openApiDocument(routes: readonly ApiRouteModule[], origin: string, version = API_VERSION): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of [...routes].sort((a, b) => a.path.localeCompare(b.path))) {
    for (const [method, handler] of Object.entries(route.methods) as [HttpMethod, EndpointHandler][]) {
      (paths[route.path] ??= {})[method.toLowerCase()] = operationOf(method, route.path, handler, origin);
    }
  }
  const errorResponses = Object.fromEntries(
    Object.entries(STATUS_TEXT).map(([status, description]) => [
      `E${status}`,
      { description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
    ]),
  );
  return {
    openapi: "3.1.0",
    info: {
      title: "Pushboard API",
      version,
      description:
        "Send notifications to your users' devices and manage their subscriptions from your own back-end. " +
        "Every request carries an API key (Settings → API keys) as `Authorization: Bearer pb_…`.",
    },
    servers: [{ url: origin }],
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "An API key from Settings → API keys (pb_…)" },
      },
      schemas: { Error: errorShape },
      responses: errorResponses,
    },
  };
}
