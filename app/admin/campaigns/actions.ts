"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { countAudience } from "@/lib/audience/compile";
import { campaignAudienceSchema } from "@/lib/audience/schema";
import { createComposerSchema } from "@/lib/campaigns/composer-schema";
import {
  cancelCampaign,
  pauseCampaign,
  resumeCampaign,
  scheduleCampaign,
  sendCampaignNow,
  unscheduleCampaign,
} from "@/lib/campaigns/lifecycle";
import {
  createDraft,
  deleteDraft,
  duplicateCampaign,
  retryFailedDeliveries,
  updateDraft,
} from "@/lib/campaigns/mutations";
import { getCampaign } from "@/lib/campaigns/queries";
import { requireRecipients } from "@/lib/campaigns/send-guard";
import { campaignIdSchema, MAX_COMPOSER_JSON, saveIntentSchema } from "@/lib/campaigns/schema";
import { sendTestToOwnDevices } from "@/lib/campaigns/test-send";
import { env } from "@/lib/env.mjs";
import { DomainError } from "@/lib/errors/domain-error";
import { defineAction, defineFormAction } from "@/lib/http/action";
import { isFramingError, jsonField } from "@/lib/http/action-result";
import { siteOriginOrLocalhost } from "@/lib/http/site-origin";
import { withContentDefaults } from "@/lib/campaigns/content-defaults";
import { getNotificationDefaults } from "@/lib/settings/notification-defaults";
import { recordAudit } from "@/lib/audit/record";
import { createPushSender } from "@/lib/push/sender";
import { getServerContext } from "@/lib/server-context";
import { getExtraPushHosts } from "@/lib/settings/push-hosts";

const INCOMPLETE = "The form arrived incomplete. Reload the page and try again.";

export const saveCampaignAction = defineFormAction({
  name: "campaigns.save",
  access: "editor",
  schema: z.object({
    id: campaignIdSchema.optional(),
    intent: saveIntentSchema,
    payload: jsonField(createComposerSchema(), MAX_COMPOSER_JSON),
  }),
  read: (form) => ({
    id: form.get("id") || undefined,
    intent: form.get("intent") ?? undefined,
    payload: form.get("payload") ?? undefined,
  }),
  jsonPayload: "payload",
  invalid: (error) =>
    isFramingError(error, ["id", "intent", "payload"]) ? INCOMPLETE : "Check the highlighted fields.",
  async handle({ input: { id, intent, payload }, user, headers, now, client }) {
    if (intent === "schedule" && !payload.scheduledAt)
      throw new DomainError("invalid_schedule", "Pick when to send it.", {
        fieldErrors: { scheduledAt: ["Pick a date and time"] },
      });
    const { appDb } = getServerContext();
    const defaults = await getNotificationDefaults(appDb);
    const data = withContentDefaults(payload, defaults, siteOriginOrLocalhost(headers));
    // the audience must compile before anything is stored as ready to send, and "send now" needs someone
    if (intent === "schedule") await countAudience(appDb, data.audience, now);
    if (intent === "send") await requireRecipients(appDb, data.audience, now);
    const campaignId = id ?? (await createDraft(appDb, data, user.id, now));
    if (id) await updateDraft(appDb, id, data, now);
    if (intent === "send") await sendCampaignNow(appDb, campaignId, now);
    if (intent === "schedule") await scheduleCampaign(appDb, campaignId, data.scheduledAt!, now);
    const action = intent === "save" ? (id ? "campaign.update_draft" : "campaign.create_draft") : `campaign.${intent}`;
    const details =
      intent === "schedule" ? { title: data.title, scheduledAt: data.scheduledAt } : { title: data.title };
    await recordAudit(appDb, {
      actor: user,
      action,
      targetType: "campaign",
      targetId: campaignId,
      details,
      ip: client,
      now,
    });
    revalidatePath("/admin/campaigns");
    revalidatePath("/admin");
    if (intent === "save" && id) return { ok: true, message: "Draft saved.", data: { id: campaignId } };
    redirect(`/admin/campaigns/${campaignId}${intent === "save" ? "?saved=1" : ""}`);
  },
});

export const countAudienceAction = defineAction({
  name: "campaigns.count_audience",
  access: "viewer",
  schema: campaignAudienceSchema,
  invalid: (error) => error.issues[0]?.message ?? "Invalid audience",
  async handle({ input }) {
    return { ok: true, message: "", data: { count: await countAudience(getServerContext().appDb, input) } };
  },
});

export const sendTestAction = defineAction({
  name: "campaigns.send_test",
  access: "editor",
  schema: createComposerSchema(),
  invalid: "Fix the highlighted fields before sending a test.",
  async handle({ input, user, headers, client }) {
    const { appDb, vapidKeys } = getServerContext();
    const vapid = await vapidKeys();
    const sender = createPushSender({ vapid, extraHosts: () => getExtraPushHosts(appDb, env.PUSH_EXTRA_HOSTS) });
    try {
      const summary = await sendTestToOwnDevices(appDb, sender, user.id, input, siteOriginOrLocalhost(headers));
      await recordAudit(appDb, {
        actor: user,
        action: "campaign.send_test",
        targetType: "campaign",
        details: { title: input.title, devices: summary.devices, delivered: summary.delivered },
        ip: client,
      });
      return summary.delivered > 0
        ? { ok: true, message: summary.message, data: summary }
        : { ok: false, message: summary.message };
    } finally {
      await sender.close();
    }
  },
});

const VERBS = ["duplicate", "delete", "cancel", "pause", "resume", "unschedule", "send", "retry"] as const;
type Verb = (typeof VERBS)[number];

/** What a verb does; `goTo` leaves the page, otherwise `message` is shown on it. */
async function runVerb(
  verb: Verb,
  id: number,
  userId: number,
  now: Date,
): Promise<{ message?: string; goTo?: string }> {
  const { appDb } = getServerContext();
  switch (verb) {
    case "duplicate":
      return { goTo: `/admin/campaigns/${await duplicateCampaign(appDb, id, userId, now)}?duplicated=1` };
    case "delete":
      await deleteDraft(appDb, id);
      return { goTo: "/admin/campaigns?deleted=1" };
    case "cancel":
      await cancelCampaign(appDb, id, now);
      return { message: "Campaign cancelled: nothing more will be sent." };
    case "pause":
      await pauseCampaign(appDb, id, now, "Paused by an admin");
      return { message: "Paused. Messages already accepted still arrive." };
    case "resume":
      await resumeCampaign(appDb, id, now);
      return { message: "Sending again." };
    case "unschedule":
      await unscheduleCampaign(appDb, id, now);
      return { message: "Back to draft: nothing will be sent until you schedule or send it." };
    case "send":
      await requireRecipients(appDb, (await getCampaign(appDb, id)).audience, now);
      await sendCampaignNow(appDb, id, now);
      return { message: "Sending started." };
    case "retry": {
      const queued = await retryFailedDeliveries(appDb, id, now);
      return {
        message:
          queued === 0
            ? "Nothing to retry: no failure was of a passing kind."
            : `${queued.toLocaleString("en")} deliveries queued again.`,
      };
    }
  }
}

/** The list's and the detail page's buttons: one form field `verb`, one `id`. */
export const campaignVerbAction = defineFormAction({
  name: "campaigns.verb",
  access: "editor",
  schema: z.object({ id: campaignIdSchema, verb: z.enum(VERBS, { error: "Unknown action." }) }),
  fields: ["id", "verb"],
  invalid: (error) => (error.issues.some((issue) => issue.path[0] === "id") ? "Unknown campaign." : "Unknown action."),
  async handle({ input: { id, verb }, user, now, client }) {
    const { message, goTo } = await runVerb(verb, id, user.id, now);
    // recorded once the verb took effect (a refused transition throws before this line)
    await recordAudit(getServerContext().appDb, {
      actor: user,
      action: `campaign.${verb}`,
      targetType: "campaign",
      targetId: id,
      ip: client,
      now,
    });
    revalidatePath("/admin");
    revalidatePath("/admin/campaigns");
    if (goTo) redirect(goTo);
    revalidatePath(`/admin/campaigns/${id}`);
    return { ok: true, message: message ?? "" };
  },
});
