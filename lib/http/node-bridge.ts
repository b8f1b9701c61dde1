// Node's http request and response, to and from the Fetch API's Request and Response, for the routes
// scripts/server.ts answers without Next's router. It does what Next does before a route handler
// runs — X-Forwarded-For is the socket's address when no proxy set it (lib/http/client-address.ts
// rate-limits by it) — and nothing else: the handlers are the very same functions Next calls.
import type { IncomingMessage, ServerResponse } from "node:http";
import { errorResponse } from "./errors";

/**
 * The request body as a web stream that reads from the socket only once the handler reads it. A stream
 * that read ahead (Readable.toWeb) and paused at its high-water mark kept Node from discarding the rest
 * of a body the handler refused unread (413 from the declared length): the client got ECONNRESET
 * instead of our answer. Whatever the handler leaves unread is dropped (`discardRest`), so the
 * connection carries the answer and the next request.
 */
function bodyStream(req: IncomingMessage): { stream: ReadableStream<Uint8Array>; discardRest: () => void } {
  let listening = false;
  const onData = (chunk: Buffer) => {
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((controller.desiredSize ?? 1) <= 0) req.pause();
  };
  const onEnd = () => controller.close();
  const onError = (error: Error) => controller.error(error);
  const discardRest = () => {
    req.off("data", onData).off("end", onEnd).off("error", onError);
    if (!req.complete) req.resume(); // Node drops data nobody listens to
  };
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull() {
        if (!listening) {
          listening = true;
          req.on("data", onData).once("end", onEnd).once("error", onError);
        }
        req.resume();
      },
      cancel: discardRest,
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
  return { stream, discardRest };
}

/**
 * A Request for a route handler, built on our own origin (never on the Host header), with the body as
 * a stream the handler reads within its own limit (lib/http/read-json.ts). Throws a TypeError for a
 * header the Fetch API refuses (the caller answers 400).
 */
export function webRequestFrom(req: IncomingMessage, origin: string): { request: Request; discardRest: () => void } {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  if (!headers.has("x-forwarded-for") && req.socket.remoteAddress) headers.set("x-forwarded-for", req.socket.remoteAddress);
  const body = req.method !== "GET" && req.method !== "HEAD" ? bodyStream(req) : null;
  const request = new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    body: body?.stream ?? null,
    // @ts-expect-error -- Node's fetch needs duplex for a streamed body; the DOM typings lack it
    duplex: "half",
  });
  return { request, discardRest: body?.discardRest ?? (() => {}) };
}

/** Writes a route handler's Response, plus the headers Next would add from next.config.mjs. */
export async function writeWebResponse(res: ServerResponse, response: Response, extraHeaders: readonly [string, string][]): Promise<void> {
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  res.statusCode = response.status;
  for (const [name, value] of extraHeaders) res.setHeader(name, value);
  for (const [name, value] of response.headers) {
    if (name !== "set-cookie") res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  res.end(body);
}

type RouteHandler = (request: Request) => Promise<Response>;

export type DirectDispatchOptions = {
  /** The handler that answers this request directly, or null to pass it on. */
  route: (method: string | undefined, url: string | undefined, cookie: string | undefined) => RouteHandler | null;
  /** Everything else: Next's request handler. */
  fallback: (req: IncomingMessage, res: ServerResponse) => void;
  /** Added to every direct answer (next.config.mjs's /api headers). */
  headers: readonly [string, string][];
  /** Our own origin, the base of each Request's URL. */
  origin: string;
};

/** The server's request listener: a direct route when one matches, the fallback otherwise. */
export function directDispatch({ route, fallback, headers, origin }: DirectDispatchOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const handler = route(req.method, req.url, req.headers.cookie);
    if (!handler) return fallback(req, res);
    let bridged: ReturnType<typeof webRequestFrom>;
    try {
      bridged = webRequestFrom(req, origin);
    } catch {
      return void writeWebResponse(res, errorResponse(400, "bad_request", "The request has a header the server cannot read."), headers);
    }
    res.once("finish", bridged.discardRest);
    handler(bridged.request)
      .then((response) => writeWebResponse(res, response, headers))
      .catch((error: unknown) => {
        // route handlers map their own errors to answers: this is a fault of the bridge itself
        console.error(`[server] ${req.method} ${req.url} failed`, error);
        if (!res.headersSent) void writeWebResponse(res, errorResponse(500, "internal_error", "Something went wrong on our side. Please try again."), headers);
        else res.destroy();
      });
  };
}
