"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireActionUser } from "@/lib/auth/require-user";
import { countAudience } from "@/lib/audience/compile";
import { AudienceInvalidError } from "@/lib/audience/errors";
import { campaignAudienceSchema } from "@/lib/audience/schema";
import { createComposerSchema } from "@/lib/campaigns/composer-schema";
import { CampaignNotFoundError, CampaignScheduleError, CampaignTransitionError } from "@/lib/campaigns/errors";
import { cancelCampaign, pauseCampaign, resumeCampaign, scheduleCampaign, sendCampaignNow, unscheduleCampaign } from "@/lib/campaigns/lifecycle";
import { createDraft, deleteDraft, duplicateCampaign, retryFailedDeliveries, updateDraft } from "@/lib/campaigns/mutations";
import { campaignIdSchema, fieldErrorsOf, MAX_COMPOSER_JSON, saveIntentSchema, type ActionResult } from "@/lib/campaigns/schema";
import { PayloadError } from "@/lib/push/payload";
import { SegmentNotFoundError, SegmentRulesInvalidError } from "@/lib/segments/errors";
import { getServerContext } from "@/lib/server-context";
import { getCampaign } from "@/lib/campaigns/queries";
import { sendTestToOwnDevices, type TestSendSummary } from "@/lib/campaigns/test-send";
import { env } from "@/lib/env.mjs";
import { createPushSender } from "@/lib/push/sender";
import { getExtraPushHosts } from "@/lib/settings/push-hosts";
import { headers } from "next/headers";

async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto") ?? (host.startsWith("localhost") || host.startsWith("127.") ? "http" : "https");
  return `${proto}://${host}`;
}

function readJson(formData: FormData, name: string): { ok: true; value: unknown } | { ok: false } {
  const raw = formData.get(name);
  if (typeof raw !== "string" || raw.length > MAX_COMPOSER_JSON) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

/** Domain errors become a result; anything else is a bug and goes to the error boundary. */
function failure(error: unknown): { ok: false; message: string } {
  if (error instanceof CampaignNotFoundError) return { ok: false, message: "This campaign no longer exists." };
  if (error instanceof CampaignTransitionError) return { ok: false, message: `Not possible while the campaign is ${error.from}.` };
  if (error instanceof CampaignScheduleError || error instanceof PayloadError) return { ok: false, message: error.message };
  if (error instanceof SegmentNotFoundError) return { ok: false, message: "A segment in the audience was deleted. Pick the audience again." };
  if (error instanceof SegmentRulesInvalidError || error instanceof AudienceInvalidError) return { ok: false, message: "The audience no longer compiles: check its segments." };
  throw error;
}

export async function saveCampaignAction(_previous: ActionResult<{ id: number }>, formData: FormData): Promise<ActionResult<{ id: number }>> {
  const auth = await requireActionUser("editor");
  if (!auth.ok) return auth;
  const intent = saveIntentSchema.safeParse(formData.get("intent"));
  const payload = readJson(formData, "payload");
  if (!intent.success || !payload.ok) return { ok: false, message: "The form arrived incomplete. Reload the page and try again." };
  const rawId = formData.get("id");
  const id = rawId ? campaignIdSchema.safeParse(rawId) : null;
  if (id && !id.success) return { ok: false, message: "Unknown campaign." };

  const now = new Date();
  const parsed = createComposerSchema(() => now).safeParse(payload.value);
  if (!parsed.success) return { ok: false, message: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
  // Site-relative links and images (and "empty: the site's home page") become absolute here, so a
  // stored campaign is self-contained and the sender never has to guess the site's address.
  const base = env.PUBLIC_URL ?? (await requestOrigin());
  const absolute = (value: string | undefined) => (value ? new URL(value, base).href : undefined);
  const data = {
    ...parsed.data,
    url: absolute(parsed.data.url ?? "/"),
    icon: absolute(parsed.data.icon),
    image: absolute(parsed.data.image),
    badge: absolute(parsed.data.badge),
  };
  if (intent.data === "schedule" && !data.scheduledAt) return { ok: false, message: "Pick when to send it.", fieldErrors: { scheduledAt: ["Pick a date and time"] } };

  const { db } = getServerContext();
  let campaignId: number;
  try {
    // the audience must compile before anything is stored as ready to send
    if (intent.data !== "save") countAudience(db, data.audience, now);
    if (id) {
      updateDraft(db, id.data, data, now);
      campaignId = id.data;
    } else {
      campaignId = createDraft(db, data, auth.user.id, now);
    }
    if (intent.data === "send") sendCampaignNow(db, campaignId, now);
    if (intent.data === "schedule") scheduleCampaign(db, campaignId, data.scheduledAt!, now);
  } catch (error) {
    return failure(error);
  }
  revalidatePath("/admin/campaigns");
  revalidatePath("/admin");
  if (intent.data === "save" && id) return { ok: true, message: "Draft saved.", data: { id: campaignId } };
  redirect(`/admin/campaigns/${campaignId}${intent.data === "save" ? "?saved=1" : ""}`);
}

export async function countAudienceAction(audience: unknown): Promise<ActionResult<{ count: number }>> {
  const auth = await requireActionUser("viewer");
  if (!auth.ok) return auth;
  const parsed = campaignAudienceSchema.safeParse(audience);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Invalid audience", fieldErrors: fieldErrorsOf(parsed.error) };
  try {
    return { ok: true, message: "", data: { count: countAudience(getServerContext().db, parsed.data) } };
  } catch (error) {
    return failure(error);
  }
}

export async function sendTestAction(input: unknown): Promise<ActionResult<TestSendSummary>> {
  const auth = await requireActionUser("editor");
  if (!auth.ok) return auth;
  const parsed = createComposerSchema().safeParse(input);
  if (!parsed.success) return { ok: false, message: "Fix the highlighted fields before sending a test.", fieldErrors: fieldErrorsOf(parsed.error) };
  const { db, vapid } = getServerContext();
  const sender = createPushSender({ vapid, extraHosts: () => getExtraPushHosts(db, env.PUSH_EXTRA_HOSTS) });
  try {
    const summary = await sendTestToOwnDevices(db, sender, auth.user.id, parsed.data, env.PUBLIC_URL ?? (await requestOrigin()));
    return summary.delivered > 0 ? { ok: true, message: summary.message, data: summary } : { ok: false, message: summary.message };
  } catch (error) {
    return failure(error);
  } finally {
    await sender.close();
  }
}

type Verb = "duplicate" | "delete" | "cancel" | "pause" | "resume" | "unschedule" | "send" | "retry";

/** The list's and the detail page's buttons: one form field `verb`, one `id`. */
export async function campaignVerbAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  const auth = await requireActionUser("editor");
  if (!auth.ok) return auth;
  const id = campaignIdSchema.safeParse(formData.get("id"));
  const verb = formData.get("verb") as Verb;
  if (!id.success) return { ok: false, message: "Unknown campaign." };
  const { db } = getServerContext();
  const now = new Date();
  let message = "";
  let goTo: string | null = null;
  try {
    switch (verb) {
      case "duplicate":
        goTo = `/admin/campaigns/${duplicateCampaign(db, id.data, auth.user.id, now)}?duplicated=1`;
        break;
      case "delete":
        deleteDraft(db, id.data);
        goTo = "/admin/campaigns?deleted=1";
        break;
      case "cancel":
        cancelCampaign(db, id.data, now);
        message = "Campaign cancelled: nothing more will be sent.";
        break;
      case "pause":
        pauseCampaign(db, id.data, now, "Paused by an admin");
        message = "Paused. Messages already accepted still arrive.";
        break;
      case "resume":
        resumeCampaign(db, id.data, now);
        message = "Sending again.";
        break;
      case "unschedule":
        unscheduleCampaign(db, id.data, now);
        message = "Back to draft: nothing will be sent until you schedule or send it.";
        break;
      case "send":
        countAudience(db, getCampaign(db, id.data).audience, now);
        sendCampaignNow(db, id.data, now);
        message = "Sending started.";
        break;
      case "retry": {
        const queued = retryFailedDeliveries(db, id.data, now);
        message = queued === 0 ? "Nothing to retry: no failure was of a passing kind." : `${queued.toLocaleString("en")} deliveries queued again.`;
        break;
      }
      default:
        return { ok: false, message: "Unknown action." };
    }
  } catch (error) {
    return failure(error);
  }
  revalidatePath("/admin");
  if (goTo) {
    revalidatePath("/admin/campaigns");
    redirect(goTo);
  }
  revalidatePath("/admin/campaigns");
  revalidatePath(`/admin/campaigns/${id.data}`);
  return { ok: true, message, data: undefined };
}
