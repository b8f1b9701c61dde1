// The first hour: what a new install still needs before its first real campaign, read from what the
// database already records (nothing is stored to track the checklist itself). The overview shows it
// until every step is done.
import { and, count, eq, isNotNull, isNull, ne } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { DEFAULT_VAPID_SUBJECT } from "@/lib/settings/bootstrap";
import { SETTING_KEYS, vapidKeysSchema } from "@/lib/settings/keys";
import { readSetting } from "@/lib/settings/store";

export type ChecklistStepId = "contact" | "device" | "topic" | "test" | "campaign";
export type ChecklistStep = { id: ChecklistStepId; title: string; hint: string; href: string; done: boolean };

const any = (rows: { n: number }[]) => (rows[0]?.n ?? 0) > 0;

export async function gettingStarted(db: Db): Promise<ChecklistStep[]> {
  const { auditLog, campaigns, subscriptions, topics } = db.tables;
  const [keys, devices, liveTopics, tests, started] = await Promise.all([
    // read afresh: the contact changes in Settings while the process runs
    readSetting(db, SETTING_KEYS.vapidKeys, vapidKeysSchema),
    db.select({ n: count() }).from(subscriptions).where(eq(subscriptions.status, "active")),
    db.select({ n: count() }).from(topics).where(isNull(topics.archivedAt)),
    db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, "campaign.send_test")),
    db
      .select({ n: count() })
      .from(campaigns)
      .where(and(isNotNull(campaigns.startedAt), ne(campaigns.status, "draft"))),
  ]);
  const subject = keys?.subject ?? DEFAULT_VAPID_SUBJECT;
  return [
    {
      id: "contact",
      title: "Set the contact address",
      hint: "Push services (Apple's above all) want a real mailto: or https:// contact for your VAPID key.",
      href: "/admin/settings",
      done: subject !== DEFAULT_VAPID_SUBJECT,
    },
    {
      id: "device",
      title: "Subscribe a device on the public site",
      hint: "Open the site, turn notifications on, and allow them when the browser asks.",
      href: "/",
      done: any(devices),
    },
    {
      id: "topic",
      title: "Create a topic",
      hint: "Topics are what visitors choose to hear about.",
      href: "/admin/topics",
      done: any(liveTopics),
    },
    {
      id: "test",
      title: "Send a test to your own devices",
      hint: "In the composer, “Send a test” reaches the devices you subscribed while signed in.",
      href: "/admin/campaigns/new",
      done: any(tests),
    },
    {
      id: "campaign",
      title: "Send a first campaign",
      hint: "Compose, choose the audience, send now or schedule it.",
      href: "/admin/campaigns/new",
      done: any(started),
    },
  ];
}
