// A small HTTP control API for tests in another process (Playwright):
//   POST /_control/subscriptions {applicationServerKey?}   → {id, endpoint, keys}
//   POST /_control/faults/:id  {fault|null}                  → 204
//   GET  /_control/requests/:id                              → [{…recorded request}]
import type { IncomingMessage, ServerResponse } from "node:http";
import { isFault } from "./faults";
import type { StrictPushService } from "./server";

const MAX_CONTROL_BODY = 16 * 1024;

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = "";
  for await (const chunk of req) {
    text += chunk;
    if (text.length > MAX_CONTROL_BODY) throw new SyntaxError("body too large");
  }
  return text === "" ? {} : JSON.parse(text);
}

function send(res: ServerResponse, status: number, body?: unknown) {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  service: StrictPushService,
): Promise<void> {
  const path = url.pathname;
  let input: unknown;
  try {
    input = req.method === "POST" ? await readJson(req) : undefined;
  } catch {
    return send(res, 400, { error: "malformed JSON" });
  }
  if (req.method === "POST" && path === "/_control/subscriptions") {
    const key = (input as { applicationServerKey?: unknown }).applicationServerKey;
    if (key !== undefined && (typeof key !== "string" || !/^[A-Za-z0-9_-]{87}$/.test(key))) {
      return send(res, 400, { error: "applicationServerKey must be a base64url P-256 point" });
    }
    return send(res, 201, service.createSubscription({ applicationServerKey: key }));
  }
  const fault = /^\/_control\/faults\/([A-Za-z0-9_-]+)$/.exec(path);
  if (req.method === "POST" && fault) {
    const value = (input as { fault?: unknown }).fault;
    if (value !== null && !isFault(value)) return send(res, 400, { error: "invalid fault" });
    try {
      service.setFault(fault[1]!, value);
    } catch {
      return send(res, 404, { error: "no such subscription" });
    }
    return send(res, 204);
  }
  const requests = /^\/_control\/requests\/([A-Za-z0-9_-]+)$/.exec(path);
  if (req.method === "GET" && requests) return send(res, 200, service.requests(requests[1]!));
  send(res, 404, { error: "not found" });
}
