// The browser side of Mozilla's push protocol (what autopush speaks to Firefox over a WebSocket):
// hello, register, unregister, ack, nack and `{}` pings. Anything before a hello ends the connection.
import type { PushState, UserAgent } from "./state";
import type { WebSocketConnection } from "./websocket";

type ClientMessage = {
  messageType?: unknown;
  uaid?: unknown;
  channelID?: unknown;
  key?: unknown;
  updates?: unknown;
  version?: unknown;
  code?: unknown;
};

export type ProtocolEvent = { at: number; uaid?: string; message: string };

/** A P-256 public key (65 bytes, uncompressed) in base64url, padded or not, as Firefox sends it. */
export function isVapidKey(key: unknown): key is string {
  if (typeof key !== "string" || !/^[A-Za-z0-9_-]+={0,2}$/.test(key)) return false;
  const bytes = Buffer.from(key, "base64url");
  return bytes.length === 65 && bytes[0] === 4;
}

const isChannelId = (value: unknown): value is string =>
  typeof value === "string" && /^[A-Za-z0-9{}-]{1,64}$/.test(value);

export function handleConnection(
  ws: WebSocketConnection,
  state: PushState,
  origin: () => string,
  log: ProtocolEvent[],
) {
  let agent: UserAgent | undefined;
  const send = (message: object) => ws.send(JSON.stringify(message));

  ws.on("close", () => {
    if (agent?.connection === ws) agent.connection = undefined;
  });

  ws.on("message", (text) => {
    log.push({ at: state.now(), uaid: agent?.uaid, message: text });
    let msg: ClientMessage;
    try {
      msg = JSON.parse(text) as ClientMessage;
    } catch {
      return ws.close(1003);
    }
    if (msg === null || typeof msg !== "object" || Array.isArray(msg)) return ws.close(1003);
    if (msg.messageType === undefined && Object.keys(msg).length === 0) return send({}); // ping
    if (!agent) {
      if (msg.messageType !== "hello") return ws.close(1002);
      return hello(msg);
    }
    switch (msg.messageType) {
      case "register":
        return register(agent, msg);
      case "unregister":
        return unregister(agent, msg);
      case "ack":
        return ack(agent, msg);
      case "nack":
        return nack(agent, msg);
      default:
        return; // broadcast_subscribe and future types: nothing to do here
    }
  });

  function hello(msg: ClientMessage) {
    // An unknown uaid gets a fresh one, which makes Firefox drop its old subscriptions (as autopush does).
    const known = typeof msg.uaid === "string" ? state.agents.get(msg.uaid) : undefined;
    agent = known ?? state.newAgent();
    agent.connection?.close(4320); // one connection per agent: the newest wins
    agent.connection = ws;
    agent.connectedAt = state.now();
    send({ messageType: "hello", uaid: agent.uaid, status: 200, use_webpush: true, broadcasts: {} });
    for (const message of state.owed(agent.uaid)) state.deliver(message);
  }

  function register(ua: UserAgent, msg: ClientMessage) {
    if (!isChannelId(msg.channelID)) return send({ messageType: "register", status: 401, error: "invalid channelID" });
    if (msg.key !== undefined && !isVapidKey(msg.key))
      return send({
        messageType: "register",
        channelID: msg.channelID,
        status: 400,
        error: "key is not a P-256 public key",
      });
    const existing = state.channel(ua.uaid, msg.channelID);
    if (existing && existing.key !== msg.key)
      return send({
        messageType: "register",
        channelID: msg.channelID,
        status: 409,
        error: "channel exists with another key",
      });
    const channel = existing ?? state.register(ua.uaid, msg.channelID, msg.key as string | undefined, origin());
    send({ messageType: "register", channelID: channel.channelID, status: 200, pushEndpoint: channel.endpoint });
  }

  function unregister(ua: UserAgent, msg: ClientMessage) {
    if (!isChannelId(msg.channelID))
      return send({ messageType: "unregister", status: 401, error: "invalid channelID" });
    const channel = state.channel(ua.uaid, msg.channelID);
    if (channel) channel.unregisteredAt = state.now();
    send({ messageType: "unregister", channelID: msg.channelID, status: 200 });
  }

  function findSent(ua: UserAgent, version: unknown, channelID?: unknown) {
    return state.messages.find(
      (m) => m.uaid === ua.uaid && m.version === version && (channelID === undefined || m.channelID === channelID),
    );
  }

  function ack(ua: UserAgent, msg: ClientMessage) {
    if (!Array.isArray(msg.updates)) return;
    for (const update of msg.updates as { channelID?: unknown; version?: unknown; code?: unknown }[]) {
      const message = findSent(ua, update?.version, update?.channelID);
      if (!message) continue;
      message.status = "acked";
      message.ackCode = typeof update.code === "number" ? update.code : 100;
    }
  }

  function nack(ua: UserAgent, msg: ClientMessage) {
    const message = findSent(ua, msg.version);
    if (!message) return;
    message.status = "nacked";
    if (typeof msg.code === "number") message.nackCode = msg.code;
  }
}
