// The application-server side (RFC 8030/8292), as autopush answers it: POST /wpush/v2/<token> with a
// VAPID token signed by the key the channel was registered with. The body goes to Firefox unread.
import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { checkPushHeaders } from "../strict-push-service/validate";
import { verifyVapid } from "../strict-push-service/vapid-check";
import type { PushedMessage, PushState } from "./state";
import { readRequestBody } from "../read-request-body";

export type PushRequestRecord = {
  at: number;
  token: string;
  channelID?: string;
  status: number;
  reason?: string;
  ttl?: number;
  version?: string;
  vapid?: { aud: string; exp: number; sub: string; publicKey: string };
  headers: IncomingHttpHeaders;
};

function reply(res: ServerResponse, status: number, body?: object, headers: Record<string, string> = {}) {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export async function handlePush(
  req: IncomingMessage,
  res: ServerResponse,
  token: string,
  state: PushState,
  origin: string,
  log: PushRequestRecord[],
) {
  const { body, length } = await readRequestBody(req);
  const entry: PushRequestRecord = { at: state.now(), token, status: 0, headers: req.headers };
  log.push(entry);
  const refuse = (status: number, reason: string) => {
    Object.assign(entry, { status, reason });
    reply(res, status, { code: status, errno: status, error: reason, message: reason });
  };
  if (req.method !== "POST") return refuse(405, "only POST");
  const channel = state.channels.get(token);
  if (!channel) return refuse(404, "no such subscription");
  entry.channelID = channel.channelID;
  if (channel.unregisteredAt !== undefined) return refuse(410, "subscription unregistered");
  const headers = checkPushHeaders(req.headers, length);
  if (!headers.ok) return refuse(headers.status, headers.reason);
  entry.ttl = headers.ttl;
  // verifyVapid compares k with the registered key as decoded bytes (Firefox pads its base64url).
  const vapid = verifyVapid(req.headers.authorization, origin, state.now(), channel.key);
  if (!vapid.ok) return refuse(vapid.status, vapid.reason);
  entry.vapid = { ...vapid.claims, publicKey: vapid.publicKey };

  const message: PushedMessage = {
    version: randomUUID(),
    uaid: channel.uaid,
    channelID: channel.channelID,
    receivedAt: state.now(),
    ttl: headers.ttl,
    data: length > 0 ? body.toString("base64url") : undefined,
    status: "queued",
  };
  state.messages.push(message);
  entry.version = message.version;
  // RFC 8030 §5.2: TTL 0 means deliver now or never; autopush still answers 201.
  if (!state.deliver(message) && headers.ttl === 0) message.status = "dropped";
  entry.status = 201;
  reply(res, 201, undefined, { location: `${origin}/m/${message.version}`, ttl: String(headers.ttl) });
}
