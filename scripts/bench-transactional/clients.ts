// The API clients of bench:transactional: each plays a back-end sending "your order shipped" to one
// user, one request at a time with a pause between, for the run's duration. Every send carries a Topic
// header of its own (RFC 8030), so the sink can say when that very message reached the push service.
import { createECDH, randomBytes } from "node:crypto";
import { createApiKey } from "@/lib/api-keys/manage";
import type { Db } from "@/lib/db/app-db";

export type Send = { topic: string; status: number; latencyMs: number; answeredAt: number };

export const userIdOf = (client: number) => `bench-user-${client}`;

/** One subscription per client's user at the sink, and a key that may send (its limit above the load). */
export async function seedUsers(db: Db, sinkOrigin: string, vapidPublicKey: string, clients: number): Promise<string> {
  const { subscriptions } = db.tables;
  const at = new Date(Date.now() - 60_000);
  const rows = Array.from({ length: clients }, (_, i) => {
    const ecdh = createECDH("prime256v1");
    return {
      endpoint: `${sinkOrigin}/push/tx-${i}-${randomBytes(6).toString("base64url")}`,
      p256dh: ecdh.generateKeys().toString("base64url"),
      auth: randomBytes(16).toString("base64url"),
      status: "active" as const,
      pushService: "other" as const,
      pushHost: new URL(sinkOrigin).host,
      vapidPublicKey,
      externalId: userIdOf(i),
      createdAt: at,
      updatedAt: at,
    };
  });
  await db.insert(subscriptions).values(rows);
  const { secret } = await createApiKey(
    db,
    { name: "bench:transactional", scopes: ["notifications:send"], rateLimitPerSecond: 10_000 },
    null,
    new Date(),
  );
  return secret;
}

/** Runs `clients` loops against POST /api/v1/notifications until `until` (ms since epoch). */
export async function runClients(options: {
  baseUrl: string;
  key: string;
  clients: number;
  pauseMs: number;
  until: number;
  /** a letter that keeps this run's Topic headers apart from another run's */
  tag: string;
}): Promise<Send[]> {
  const sends: Send[] = [];
  const loop = async (client: number) => {
    for (let n = 0; Date.now() < options.until; n++) {
      // unique per send, and a length Apple's base64url decoding allows (11 characters; never 4k + 1)
      const topic = `${options.tag}${String(client).padStart(3, "0")}x${String(n).padStart(6, "0")}`;
      const started = performance.now();
      const response = await fetch(`${options.baseUrl}/api/v1/notifications`, {
        method: "POST",
        headers: { authorization: `Bearer ${options.key}`, "content-type": "application/json" },
        body: JSON.stringify({
          users: [userIdOf(client)],
          title: "Your order shipped",
          body: `Order ${client}-${n} is on its way.`,
          ttl: 600,
          urgency: "high",
          topic,
        }),
      }).catch(() => null);
      const latencyMs = performance.now() - started;
      await response?.arrayBuffer();
      sends.push({ topic, status: response?.status ?? 0, latencyMs, answeredAt: Date.now() });
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, client) => loop(client)));
  return sends;
}
