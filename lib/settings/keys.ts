import { z } from "zod";

// Every settings key with the schema of its value, in one place.
export const vapidKeysSchema = z.object({
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{87}$/, "a 65-byte uncompressed P-256 point, base64url"),
  privateKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "a 32-byte P-256 scalar, base64url"),
  subject: z.string().regex(/^(mailto:|https:\/\/)[^\s<>]+$/),
  createdAt: z.number().int(),
});
export type VapidKeys = z.infer<typeof vapidKeysSchema>;

export const authSecretSchema = z.string().min(32);

export const SETTING_KEYS = {
  vapidKeys: "vapid_keys",
  authSecret: "auth_secret",
  extraPushHosts: "extra_push_hosts",
  notificationDefaults: "notification_defaults",
} as const;

export const extraPushHostsSchema = z.array(z.string().regex(/^[a-z0-9.-]+(:\d{1,5})?$/)).max(100);
