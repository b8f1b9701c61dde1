// What the Mozilla test push service remembers: user agents (uaid), their channels with the VAPID key
// each registered with, and every message with its fate (queued, sent, acked, nacked, dropped).
import { randomBytes, randomUUID } from "node:crypto";
import type { WebSocketConnection } from "./websocket";

export type Channel = {
  uaid: string;
  channelID: string;
  token: string;
  endpoint: string;
  /** The applicationServerKey as Firefox sent it (base64url, maybe with = padding), if any. */
  key?: string;
  registeredAt: number;
  unregisteredAt?: number;
};

export type PushedMessage = {
  version: string;
  uaid: string;
  channelID: string;
  receivedAt: number;
  ttl: number;
  /** The body as forwarded to Firefox (base64url), or undefined for a push without payload. */
  data?: string;
  status: "queued" | "sent" | "acked" | "nacked" | "dropped" | "expired";
  sentAt?: number;
  /** Firefox's ack code: 100 delivered, 101 decryption failed, 102 not delivered. */
  ackCode?: number;
  /** Firefox's nack code: 301–303 for service-worker errors. */
  nackCode?: number;
};

export type UserAgent = { uaid: string; connection?: WebSocketConnection; connectedAt?: number };

export class PushState {
  readonly agents = new Map<string, UserAgent>();
  readonly channels = new Map<string, Channel>(); // by token
  readonly messages: PushedMessage[] = [];

  constructor(readonly now: () => number) {}

  newAgent(): UserAgent {
    const agent = { uaid: randomUUID().replace(/-/g, "") };
    this.agents.set(agent.uaid, agent);
    return agent;
  }

  channel(uaid: string, channelID: string): Channel | undefined {
    for (const channel of this.channels.values()) {
      if (channel.uaid === uaid && channel.channelID === channelID && channel.unregisteredAt === undefined)
        return channel;
    }
    return undefined;
  }

  register(uaid: string, channelID: string, key: string | undefined, origin: string): Channel {
    const token = randomBytes(24).toString("base64url");
    const channel: Channel = {
      uaid,
      channelID,
      token,
      endpoint: `${origin}/wpush/v2/${token}`,
      key,
      registeredAt: this.now(),
    };
    this.channels.set(token, channel);
    return channel;
  }

  /** Messages still owed to this agent: sent or queued, never acked, and within their TTL. */
  owed(uaid: string): PushedMessage[] {
    const at = this.now();
    return this.messages.filter((m) => {
      if (m.uaid !== uaid || (m.status !== "queued" && m.status !== "sent")) return false;
      if (at <= m.receivedAt + m.ttl * 1000) return true;
      m.status = "expired";
      return false;
    });
  }

  /** Sends one message over the agent's open connection; false when it is offline. */
  deliver(message: PushedMessage): boolean {
    const agent = this.agents.get(message.uaid);
    if (!agent?.connection?.isOpen) return false;
    const notification: Record<string, unknown> = {
      messageType: "notification",
      channelID: message.channelID,
      version: message.version,
    };
    if (message.data !== undefined)
      Object.assign(notification, { data: message.data, headers: { encoding: "aes128gcm" } });
    agent.connection.send(JSON.stringify(notification));
    message.status = "sent";
    message.sentAt = this.now();
    return true;
  }
}
