"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { defineFormAction } from "@/lib/http/action";
import { getServerContext } from "@/lib/server-context";
import { extraPushHostListSchema } from "@/lib/settings/keys";
import { notificationDefaultsSchema, setNotificationDefaults } from "@/lib/settings/notification-defaults";
import { getExtraPushHosts, setExtraPushHosts } from "@/lib/settings/push-hosts";
import { rotateVapidKeys, updateVapidSubject } from "@/lib/settings/vapid-rotation";
import { revealIdentitySecret, rotateIdentitySecret } from "@/lib/identity/secret";

export const updateVapidSubjectAction = defineFormAction({
  name: "settings.vapid_subject",
  access: "owner",
  schema: z.object({
    subject: z
      .string()
      .max(2048)
      .default("")
      .transform((value) => value.trim()),
  }),
  fields: ["subject"],
  keep: ["subject"],
  async handle({ input, user }) {
    await updateVapidSubject(getServerContext().appDb, input.subject, { id: user.id, email: user.email });
    getServerContext().forgetVapidKeys();
    revalidatePath("/admin/settings");
    return { ok: true, message: "Contact saved. Push services see it from the next message." };
  },
});

export const rotateVapidKeysAction = defineFormAction({
  name: "settings.rotate_vapid_keys",
  access: "owner",
  schema: z.object({
    confirmation: z.string({ error: 'Type "rotate" to confirm.' }).max(32),
    expectedOrphans: z.coerce.number().int().min(0),
  }),
  fields: ["confirmation", "expectedOrphans"],
  invalid: 'Type "rotate" to confirm the rotation.',
  async handle({ input, user }) {
    const result = await rotateVapidKeys(getServerContext().appDb, input, { id: user.id, email: user.email });
    getServerContext().forgetVapidKeys();
    revalidatePath("/admin", "layout");
    return {
      ok: true,
      message: `Keys rotated. ${result.orphaned.toLocaleString("en")} subscriptions made with the old key will be renewed as their browsers return to the site.`,
    };
  },
});

export const updatePushHostsAction = defineFormAction({
  name: "settings.push_hosts",
  access: "owner",
  schema: z.object({ hosts: extraPushHostListSchema }),
  fields: ["hosts"],
  keep: ["hosts"],
  invalid: "Check the host list.",
  async handle({ input, user, client }) {
    const { appDb } = getServerContext();
    const before = await getExtraPushHosts(appDb);
    await appDb.transaction(async (tx) => {
      await setExtraPushHosts(tx, input.hosts);
      await recordAudit(tx, {
        actor: { id: user.id, email: user.email },
        action: "settings.push_hosts",
        targetType: "settings",
        targetId: "extra_push_hosts",
        details: { from: before, to: input.hosts },
        ip: client,
      });
    });
    revalidatePath("/admin/settings");
    return { ok: true, message: "Allowed push services saved." };
  },
});

export const updateNotificationDefaultsAction = defineFormAction({
  name: "settings.notification_defaults",
  access: "owner",
  schema: notificationDefaultsSchema,
  fields: ["siteName", "icon", "badge", "defaultUrl", "ttl", "urgency"],
  keep: ["siteName", "icon", "badge", "defaultUrl", "ttl", "urgency"],
  async handle({ input, user }) {
    await setNotificationDefaults(getServerContext().appDb, input, { id: user.id, email: user.email });
    revalidatePath("/admin/settings");
    return { ok: true, message: "Notification defaults saved." };
  },
});

export const revealIdentitySecretAction = defineFormAction({
  name: "settings.reveal_identity_secret",
  access: "owner",
  schema: z.object({}),
  async handle({ user, client, now }) {
    const secret = await revealIdentitySecret(
      getServerContext().appDb,
      { id: user.id, email: user.email },
      now,
      client,
    );
    return { ok: true, message: "Shown below. This look is recorded in the audit log.", data: { secret } };
  },
});

export const rotateIdentitySecretAction = defineFormAction({
  name: "settings.rotate_identity_secret",
  access: "owner",
  schema: z.object({
    confirmation: z
      .string({ error: 'Type "rotate" to confirm.' })
      .max(32)
      .refine((value) => value.trim().toLowerCase() === "rotate", 'Type "rotate" to confirm.'),
  }),
  fields: ["confirmation"],
  invalid: 'Type "rotate" to confirm the rotation.',
  async handle({ user, client, now }) {
    const secret = await rotateIdentitySecret(
      getServerContext().appDb,
      { id: user.id, email: user.email },
      now,
      client,
    );
    revalidatePath("/admin/settings");
    return {
      ok: true,
      message:
        "New secret made. Signatures made with the old one are refused from now on: put this one in your back-end.",
      data: { secret },
    };
  },
});
