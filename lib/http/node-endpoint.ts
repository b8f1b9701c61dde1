// A JsonEndpoint (./json-endpoint.ts) answering Node's request directly, for `npm start`'s hot routes.
// It does what Next does before a route handler runs — X-Forwarded-For is the socket's address when no
// proxy set it (lib/http/client-address.ts rate-limits by it) — and what routeHandler does, with
// Node's own objects.
import type { IncomingMessage, ServerResponse } from "node:http";
import { clientAddress } from "./client-address";
import { HttpError, toErrorAnswer } from "./errors";
import { NO_STORE, type EndpointAnswer, type HeaderReader, type JsonEndpoint } from "./json-endpoint";
import { enforceRateLimit } from "./rate-limit";
import { bodyTooLarge, readJsonFrom } from "./read-json";

function headersOf(req: IncomingMessage): HeaderReader {
  return {
    get(name) {
      if (name === "x-forwarded-for" && req.headers["x-forwarded-for"] === undefined) return req.socket.remoteAddress ?? null;
      const value = req.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/**
 * The body as UTF-8 text, never buffering more than maxBytes: a declared Content-Length over it is
 * refused before reading, a longer (chunked) body as soon as it passes the limit. What is left unread
 * Node discards, so the connection still carries our answer and the next request.
 */
export function readNodeBodyText(req: IncomingMessage, maxBytes: number): Promise<string> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(bodyTooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const settle = (finish: () => void) => {
      req.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      finish();
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total <= maxBytes) return void chunks.push(chunk);
      settle(() => reject(bodyTooLarge(maxBytes)));
      req.resume(); // drop the rest
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks, total).toString("utf8")));
    // the client went away mid-body: its fault, not a bug to log (and usually nobody left to answer)
    const incomplete = () => settle(() => reject(new HttpError(400, "incomplete_body", "The request ended before its body did.")));
    const onError = incomplete;
    const onClose = incomplete;
    req.on("data", onData).once("end", onEnd).once("error", onError).once("close", onClose);
  });
}

function write(res: ServerResponse, answer: EndpointAnswer & { headers?: Record<string, string> }, extraHeaders: readonly [string, string][]): void {
  if (res.headersSent || res.destroyed) return;
  for (const [name, value] of extraHeaders) res.setHeader(name, value);
  for (const [name, value] of Object.entries({ ...NO_STORE, ...answer.headers })) res.setHeader(name, value);
  res.statusCode = answer.status;
  if (answer.json === undefined) return void res.end();
  res.setHeader("Content-Type", "application/json");
  res.end(JSON.stringify(answer.json));
}

/** Answers one request with the endpoint; `extraHeaders` are what next.config.mjs adds to /api answers. */
export async function answerWithEndpoint(
  endpoint: JsonEndpoint,
  req: IncomingMessage,
  res: ServerResponse,
  extraHeaders: readonly [string, string][],
): Promise<void> {
  let answer: EndpointAnswer & { headers?: Record<string, string> };
  try {
    const headers = headersOf(req);
    enforceRateLimit(endpoint.limiter, clientAddress({ headers }));
    const json = await readJsonFrom(headers.get("content-type"), () => readNodeBodyText(req, endpoint.maxBytes));
    answer = await endpoint.handle({ json, headers });
  } catch (error) {
    answer = toErrorAnswer(error, endpoint.label);
  }
  write(res, answer, extraHeaders);
}

export type DirectDispatchOptions = {
  /** The endpoint that answers this request directly, or null to pass it on. */
  route: (method: string | undefined, url: string | undefined, cookie: string | undefined) => JsonEndpoint | null;
  /** Everything else: Next's request handler. */
  fallback: (req: IncomingMessage, res: ServerResponse) => void;
  /** Added to every direct answer (next.config.mjs's /api headers). */
  headers: readonly [string, string][];
};

/** The server's request listener: a direct endpoint when one matches, the fallback otherwise. */
export function directDispatch({ route, fallback, headers }: DirectDispatchOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const endpoint = route(req.method, req.url, req.headers.cookie);
    if (endpoint) void answerWithEndpoint(endpoint, req, res, headers);
    else fallback(req, res);
  };
}
