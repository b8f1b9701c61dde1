// A visitor API endpoint as data: its rate limit, body limit and handler, apart from the transport.
// Next serves it as a route handler (routeHandler); `npm start` also answers the busiest ones straight
// from Node's request (lib/http/node-endpoint.ts), without the Fetch Request and Response objects, web
// streams and abort signals that cost about a quarter of such a request's CPU. Both transports run the
// same steps in the same order: rate limit, JSON type and body limit, the handler, one error shape.
import { handleErrors } from "./errors";
import { clientAddress } from "./client-address";
import { enforceRateLimit, type RateLimiter } from "./rate-limit";
import { readJsonBody } from "./read-json";

/** Request headers by name, lower case; a Fetch Headers object is one. */
export type HeaderReader = { get(name: string): string | null };

export type EndpointRequest = { json: unknown; headers: HeaderReader };

/** The answer: a status and a JSON body, or no body. Every answer is Cache-Control: no-store. */
export type EndpointAnswer = { status: number; json?: unknown };

export type JsonEndpoint = {
  /** "POST /api/…", for logs */
  label: string;
  maxBytes: number;
  /** keyed by clientAddress; checked before the body is read */
  limiter: RateLimiter;
  /** validates `json` itself (parseInput): the transport only guarantees it is parsed JSON */
  handle(request: EndpointRequest): Promise<EndpointAnswer> | EndpointAnswer;
};

export const NO_STORE = { "Cache-Control": "no-store" } as const;

/** The endpoint as a Next route handler. */
export function routeHandler(endpoint: JsonEndpoint): (request: Request) => Promise<Response> {
  return (request) =>
    handleErrors(endpoint.label, async () => {
      enforceRateLimit(endpoint.limiter, clientAddress(request));
      const json = await readJsonBody(request, { maxBytes: endpoint.maxBytes });
      const answer = await endpoint.handle({ json, headers: request.headers });
      return answer.json === undefined
        ? new Response(null, { status: answer.status, headers: NO_STORE })
        : Response.json(answer.json, { status: answer.status, headers: NO_STORE });
    });
}
