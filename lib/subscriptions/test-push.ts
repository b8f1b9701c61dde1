import type { Db } from "@/lib/db/app-db";
import { encodePushPayload } from "@/lib/push/payload";
import type { PushOutcome, PushSender } from "@/lib/push/types";
import { requireProvenSubscription } from "./queries";
import type { SubscriptionProof } from "./schema";

export type TestPushResult = { delivered: boolean; outcome: PushOutcome["kind"]; message: string };

/**
 * Sends "this is what our notifications look like" to the device that proves it holds the
 * subscription. Test pushes carry no receipt token, so they never count in campaign statistics.
 */
export async function sendTestPush(
  db: Db,
  sender: PushSender,
  proof: SubscriptionProof,
  siteUrl: string,
): Promise<TestPushResult> {
  const row = await requireProvenSubscription(db, proof);
  const { json } = encodePushPayload(
    {
      title: "Notifications are working",
      body: "This is a test notification for this device. Tap to open the site.",
      clickUrl: new URL("/", siteUrl).href,
      icon: new URL("/icons/icon-192.png", siteUrl).href,
      badge: new URL("/icons/badge-96.png", siteUrl).href,
      tag: "pushboard-test",
      renotify: true,
      timestamp: Date.now(),
    },
    { baseUrl: siteUrl },
  );
  const outcome = await sender.send(
    { endpoint: row.endpoint, p256dh: row.p256dh!, auth: row.auth! },
    { payload: json, ttl: 60, urgency: "high" },
  );
  const message =
    outcome.kind === "accepted"
      ? "Sent. It should appear on this device in a moment."
      : outcome.kind === "expired"
        ? "The browser's push service says this subscription no longer exists. Turn notifications off and on again."
        : outcome.kind === "retry"
          ? "The push service is busy right now. Try again in a minute."
          : "The push service refused the test notification.";
  return { delivered: outcome.kind === "accepted", outcome: outcome.kind, message };
}
