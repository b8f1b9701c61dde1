// "Send a test to my devices": the composed message, as it stands, to the signed-in admin's own
// subscriptions. No receipt token and no delivery rows, so tests never count in campaign statistics.
import type { Db } from "@/lib/db/app-db";
import { encodePushPayload } from "@/lib/push/payload";
import { getNotificationDefaults } from "@/lib/settings/notification-defaults";
import { withContentDefaults } from "./content-defaults";
import type { PushSender } from "@/lib/push/types";
import type { ComposerData } from "./composer-schema";
import { withActionIds } from "./mutations";
import { listTestDevices } from "./queries";

export type TestSendSummary = { devices: number; delivered: number; gone: number; failed: number; message: string };

export async function sendTestToOwnDevices(
  db: Db,
  sender: PushSender,
  userId: number,
  data: ComposerData,
  siteUrl: string,
  now = Date.now(),
): Promise<TestSendSummary> {
  const devices = await listTestDevices(db, userId);
  if (devices.length === 0) {
    return {
      devices: 0,
      delivered: 0,
      gone: 0,
      failed: 0,
      message: "You have no subscribed device yet: allow notifications on the site while signed in, then try again.",
    };
  }
  // the same content a saved campaign would carry: the defaults fill what was left empty
  const content = withContentDefaults(data, await getNotificationDefaults(db), siteUrl);
  const { json } = encodePushPayload(
    {
      title: data.title,
      body: data.body || undefined,
      clickUrl: content.url!,
      icon: content.icon,
      image: content.image,
      badge: content.badge,
      actions: data.actions.length > 0 ? withActionIds(data.actions) : undefined,
      tag: data.tag,
      renotify: data.renotify || undefined,
      requireInteraction: data.requireInteraction || undefined,
      silent: data.silent || undefined,
      appBadge: data.appBadge,
      timestamp: now,
    },
    { baseUrl: siteUrl },
  );
  const outcomes = await Promise.all(
    devices.map((d) =>
      sender.send(
        { endpoint: d.endpoint, p256dh: d.p256dh!, auth: d.auth! },
        { payload: json, ttl: Math.min(data.ttl, 300), urgency: "high", topic: data.topic },
      ),
    ),
  );
  const delivered = outcomes.filter((o) => o.kind === "accepted").length;
  const gone = outcomes.filter((o) => o.kind === "expired").length;
  const failed = outcomes.length - delivered - gone;
  const parts = [`Sent to ${delivered} of ${devices.length} device${devices.length === 1 ? "" : "s"}.`];
  if (gone) parts.push(`${gone} no longer subscribed.`);
  if (failed) parts.push(`${failed} refused or unreachable.`);
  return { devices: devices.length, delivered, gone, failed, message: parts.join(" ") };
}
