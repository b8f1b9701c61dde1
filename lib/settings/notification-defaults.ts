// The defaults every notification starts from. The schema has no database imports beyond the store,
// and the form is server-validated, so the client never needs this file.
import { z } from "zod";
import type { Db } from "@/lib/db/app-db";
import { URGENCIES } from "@/lib/db/schema/enums";
import { MAX_TTL_SECONDS } from "@/lib/push/options";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { readSetting, writeSetting } from "./store";
import { SETTING_KEYS } from "./keys";

// A site-relative path ("/icons/192.png") or an absolute https URL; nothing that could run script.
const assetUrl = z
  .string()
  .trim()
  .max(2048, "Use at most 2048 characters.")
  .refine(
    (value) => value === "" || /^\/(?!\/)[^\s\\]*$/.test(value) || /^https:\/\/[^\s\\]+$/.test(value),
    "Use a path like /icons/icon.png or an https:// address.",
  );

export const notificationDefaultsSchema = z.object({
  siteName: z.string().trim().min(1, "Enter the site name.").max(80, "Use at most 80 characters."),
  icon: assetUrl,
  badge: assetUrl,
  defaultUrl: z
    .string()
    .trim()
    .max(2048)
    .refine(
      (value) => value === "" || /^\/(?!\/)[^\s\\]*$/.test(value) || /^https?:\/\/[^\s\\]+$/.test(value),
      "Use a path like / or an http(s):// address.",
    ),
  ttl: z.coerce
    .number({ error: "Enter a number of seconds." })
    .int("Use whole seconds.")
    .min(0, "Use 0 or more seconds.")
    .max(MAX_TTL_SECONDS, `Use at most ${MAX_TTL_SECONDS} seconds (28 days).`),
  urgency: z.enum(URGENCIES, { error: "Choose an urgency." }),
});
export type NotificationDefaults = z.infer<typeof notificationDefaultsSchema>;

export const FALLBACK_NOTIFICATION_DEFAULTS: NotificationDefaults = {
  siteName: "Pushboard",
  icon: "/icons/icon-192.png",
  badge: "/icons/badge-96.png",
  defaultUrl: "/",
  ttl: 86_400,
  urgency: "normal",
};

export async function getNotificationDefaults(db: Db): Promise<NotificationDefaults> {
  return (
    (await readSetting(db, SETTING_KEYS.notificationDefaults, notificationDefaultsSchema)) ??
    FALLBACK_NOTIFICATION_DEFAULTS
  );
}

export async function setNotificationDefaults(
  db: Db,
  input: NotificationDefaults,
  actor: AuditActor,
  now = new Date(),
): Promise<NotificationDefaults> {
  const value = notificationDefaultsSchema.parse(input);
  await db.transaction(async (tx) => {
    const before = await getNotificationDefaults(tx);
    await writeSetting(tx, SETTING_KEYS.notificationDefaults, notificationDefaultsSchema, value);
    const changed = Object.keys(value).filter(
      (key) => before[key as keyof NotificationDefaults] !== value[key as keyof NotificationDefaults],
    );
    await recordAudit(tx, {
      actor,
      action: "settings.notification_defaults",
      targetType: "settings",
      targetId: SETTING_KEYS.notificationDefaults,
      details: { changed },
      now,
    });
  });
  return value;
}
