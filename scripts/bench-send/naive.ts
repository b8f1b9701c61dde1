// (a) the naive baseline: web-push's sendNotification per message, at the same concurrency as (b).
import { Agent } from "node:https";
import webpush from "web-push";
import { encodePushPayload } from "@/lib/push/payload";
import type { generateVapidKeys } from "@/lib/settings/bootstrap";
import { ensureTestTls } from "@/test/support/tls";
import { KEY_POOL, Latencies, PAYLOAD, pool, type KeyPool } from "./common";

export async function naiveBaseline(
  origin: string,
  keys: KeyPool,
  count: number,
  concurrency: number,
  vapid: ReturnType<typeof generateVapidKeys>,
) {
  const agent = new Agent({ keepAlive: true, ca: ensureTestTls().cert }); // what the global agent does, plus our test CA
  const latencies = new Latencies();
  const payload = encodePushPayload({ ...PAYLOAD, receiptToken: "r".repeat(22) }).json;
  let failures = 0;
  const started = performance.now();
  await pool(count, concurrency, async (i) => {
    const t = performance.now();
    const key = keys[i % KEY_POOL]!;
    try {
      await webpush.sendNotification({ endpoint: `${origin}/push/${i}`, keys: key }, payload, {
        vapidDetails: { subject: vapid.subject, publicKey: vapid.publicKey, privateKey: vapid.privateKey },
        TTL: 86_400,
        agent,
      });
    } catch {
      failures++;
    }
    latencies.add(performance.now() - t);
  });
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { rate: count / seconds, seconds, latencies, failures };
}
