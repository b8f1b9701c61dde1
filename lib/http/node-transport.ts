// The Node transport of an endpoint declaration (lib/http/endpoint.ts), for `npm start`'s hot visitor
// routes: the same pipeline, answered from Node's request and response without the Fetch Request and
// Response objects, web streams and abort signals that cost about a quarter of such a request's CPU.
// Only public JSON endpoints go this way; a handler's own Response (a stream) needs Next.
import { isApiAccess } from "./api-key-access";
import type { IncomingMessage, ServerResponse } from "node:http";
import { DomainError } from "@/lib/errors/domain-error";
import { clientAddressOfSocket } from "./client-address";
import { answer, type EndpointHandler, type IncomingRequest } from "./endpoint";
import { errorAnswer, type Answer } from "./error-answer";
import type { HeaderReader } from "./headers";
import { NO_STORE } from "./headers";
import { readNodeBody } from "./request-body";

function headersOf(req: IncomingMessage): HeaderReader {
  return {
    get(name) {
      const value = req.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

function write(res: ServerResponse, result: Answer, extraHeaders: readonly [string, string][]): void {
  if (res.headersSent || res.destroyed) return;
  for (const [name, value] of extraHeaders) res.setHeader(name, value);
  for (const [name, value] of Object.entries({ ...NO_STORE, ...result.headers })) res.setHeader(name, value);
  res.statusCode = result.status;
  if (result.json === undefined) return void res.end();
  res.setHeader("Content-Type", "application/json");
  res.end(JSON.stringify(result.json));
}

/** Answers one request with the endpoint; `extraHeaders` are what next.config.mjs adds to /api answers. */
export async function answerFromNode(
  endpoint: EndpointHandler,
  req: IncomingMessage,
  res: ServerResponse,
  extraHeaders: readonly [string, string][],
): Promise<void> {
  const { definition } = endpoint;
  const incoming: IncomingRequest = {
    method: req.method ?? "GET",
    url: new URL(req.url ?? "/", "http://localhost"),
    headers: headersOf(req),
    client: clientAddressOfSocket(req.socket.remoteAddress, req.headers["x-forwarded-for"]),
    readBody: (maxBytes) => readNodeBody(req, maxBytes),
    params: async () => ({}),
    request: null,
  };
  const result = await answer(definition, incoming);
  write(
    res,
    result instanceof Response
      ? errorAnswer(new Error(`${definition.label} answered a Response on the Node transport`), definition.label)
      : result,
    extraHeaders,
  );
}

export type DirectDispatchOptions = {
  /** The endpoint that answers this request directly, or null to pass it on. */
  route: (method: string | undefined, url: string | undefined, cookie: string | undefined) => EndpointHandler | null;
  /** Everything else: Next's request handler. */
  fallback: (req: IncomingMessage, res: ServerResponse) => void;
  /** Added to every direct answer (next.config.mjs's /api headers). */
  headers: readonly [string, string][];
};

/** Whether a request target's percent-escapes decode (Next answers a bare 500 for one that does not). */
export function hasDecodablePath(url: string | undefined): boolean {
  const query = url?.indexOf("?") ?? -1;
  try {
    decodeURIComponent(query === -1 ? (url ?? "/") : url!.slice(0, query));
    return true;
  } catch {
    return false;
  }
}

const MALFORMED_PATH = new DomainError("invalid_input", "The URL's path has a malformed percent-encoding.");

/** The server's request listener: a direct endpoint when one matches, the fallback otherwise. */
export function directDispatch({ route, fallback, headers }: DirectDispatchOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    // "/api/v1/users/%E0%A4%A": refused here in the one error shape, before any router tries to decode it
    if (!hasDecodablePath(req.url)) return write(res, errorAnswer(MALFORMED_PATH, "request"), headers);
    const endpoint = route(req.method, req.url, req.headers.cookie);
    // only endpoints that need no session: Auth.js reads a session from Next's request context
    const sessionless =
      endpoint && (endpoint.definition.access === "public" || isApiAccess(endpoint.definition.access));
    if (endpoint && sessionless) void answerFromNode(endpoint, req, res, headers);
    else fallback(req, res);
  };
}
