"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { requireActionUser } from "@/lib/auth/require-user";
import { recordAudit } from "@/lib/audit/record";
import { resetServerContext, getServerContext } from "@/lib/server-context";
import { extraPushHostsSchema } from "@/lib/settings/keys";
import { getExtraPushHosts, setExtraPushHosts } from "@/lib/settings/push-hosts";
import { notificationDefaultsSchema, setNotificationDefaults } from "@/lib/settings/notification-defaults";
import { rotateVapidKeys, updateVapidSubject, VapidSettingsError } from "@/lib/settings/vapid-rotation";
import type { FormState } from "../subscribers/_components/form-state";

const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value : undefined;
};

export async function updateVapidSubjectAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const auth = await requireActionUser("owner");
  if (!auth.ok) return auth;
  const subject = (text(formData, "subject") ?? "").trim();
  try {
    updateVapidSubject(getServerContext().db, subject, { id: auth.user.id, email: auth.user.email });
  } catch (error) {
    if (error instanceof VapidSettingsError) return { ok: false, message: error.message, fieldErrors: { subject: [error.message] } };
    throw error;
  }
  resetServerContext();
  revalidatePath("/admin/settings");
  return { ok: true, message: "Contact saved. Push services see it from the next message." };
}

export async function rotateVapidKeysAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const auth = await requireActionUser("owner");
  if (!auth.ok) return auth;
  const parsed = z.object({ confirmation: z.string().max(32), expectedOrphans: z.coerce.number().int().min(0) }).safeParse({ confirmation: text(formData, "confirmation"), expectedOrphans: text(formData, "expectedOrphans") });
  if (!parsed.success) return { ok: false, message: 'Type "rotate" to confirm the rotation.', fieldErrors: { confirmation: ['Type "rotate" to confirm.'] } };
  let result;
  try {
    result = rotateVapidKeys(getServerContext().db, parsed.data, { id: auth.user.id, email: auth.user.email });
  } catch (error) {
    if (error instanceof VapidSettingsError) return { ok: false, message: error.message, fieldErrors: error.code === "not_confirmed" ? { confirmation: [error.message] } : undefined };
    throw error;
  }
  resetServerContext();
  revalidatePath("/admin", "layout");
  return { ok: true, message: `Keys rotated. ${result.orphaned.toLocaleString("en")} subscriptions made with the old key will be renewed as their browsers return to the site.` };
}

const hostsSchema = z.object({
  hosts: z
    .string()
    .max(10_000)
    .transform((value) => value.split(/[\s,]+/).map((host) => host.trim().toLowerCase()).filter(Boolean))
    .pipe(extraPushHostsSchema),
});

export async function updatePushHostsAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const auth = await requireActionUser("owner");
  if (!auth.ok) return auth;
  const parsed = hostsSchema.safeParse({ hosts: text(formData, "hosts") ?? "" });
  if (!parsed.success) return { ok: false, message: "Check the host list.", fieldErrors: { hosts: ["Use host names like push.example.com or push.example.com:8443 (one a line, at most 100); no schemes, paths or IP addresses."] } };
  if (parsed.data.hosts.some((host) => /^\d+(\.\d+){3}(:\d+)?$/.test(host))) return { ok: false, message: "Check the host list.", fieldErrors: { hosts: ["IP addresses are not allowed: name the push service's host."] } };
  const { db } = getServerContext();
  const before = getExtraPushHosts(db);
  setExtraPushHosts(db, parsed.data.hosts);
  recordAudit(db, { actor: { id: auth.user.id, email: auth.user.email }, action: "settings.push_hosts", targetType: "settings", targetId: "extra_push_hosts", details: { from: before, to: parsed.data.hosts }, ip: clientIpFrom(await headers()) });
  revalidatePath("/admin/settings");
  return { ok: true, message: "Allowed push services saved." };
}

export async function updateNotificationDefaultsAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const auth = await requireActionUser("owner");
  if (!auth.ok) return auth;
  const fields = ["siteName", "icon", "badge", "defaultUrl", "ttl", "urgency"] as const;
  const parsed = notificationDefaultsSchema.safeParse(Object.fromEntries(fields.map((name) => [name, text(formData, name)])));
  if (!parsed.success) return { ok: false, message: "Check the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  setNotificationDefaults(getServerContext().db, parsed.data, { id: auth.user.id, email: auth.user.email });
  revalidatePath("/admin/settings");
  return { ok: true, message: "Notification defaults saved." };
}
