"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireActionUser } from "@/lib/auth/require-user";
import { campaignIdSchema, fieldErrorsOf, MAX_COMPOSER_JSON, type ActionResult } from "@/lib/campaigns/schema";
import { SegmentInUseError, SegmentNotFoundError } from "@/lib/segments/errors";
import { createSegment, deleteSegment, updateSegment } from "@/lib/segments/mutations";
import { countSegment } from "@/lib/segments/queries";
import { segmentInputSchema, segmentRulesSchema } from "@/lib/segments/schema";
import { getServerContext } from "@/lib/server-context";

function readJson(formData: FormData): unknown {
  const raw = formData.get("payload");
  if (typeof raw !== "string" || raw.length > MAX_COMPOSER_JSON) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

export async function saveSegmentAction(_previous: ActionResult<{ id: number }>, formData: FormData): Promise<ActionResult<{ id: number }>> {
  const auth = await requireActionUser("editor");
  if (!auth.ok) return auth;
  const payload = readJson(formData);
  if (payload === undefined) return { ok: false, message: "The form arrived incomplete. Reload the page and try again." };
  const rawId = formData.get("id");
  const id = rawId ? campaignIdSchema.safeParse(rawId) : null;
  if (id && !id.success) return { ok: false, message: "Unknown segment." };
  const parsed = segmentInputSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, message: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error) };
  const { db } = getServerContext();
  let segmentId: number;
  try {
    segmentId = id ? updateSegment(db, id.data, parsed.data).id : createSegment(db, parsed.data, auth.user.id).id;
  } catch (error) {
    if (error instanceof SegmentNotFoundError) return { ok: false, message: "This segment no longer exists." };
    throw error;
  }
  revalidatePath("/admin/segments");
  redirect(`/admin/segments?saved=${segmentId}`);
}

export async function countSegmentAction(rules: unknown): Promise<ActionResult<{ count: number }>> {
  const auth = await requireActionUser("viewer");
  if (!auth.ok) return auth;
  const parsed = segmentRulesSchema.safeParse(rules);
  if (!parsed.success) return { ok: false, message: "Finish the highlighted rules to see a count.", fieldErrors: fieldErrorsOf(parsed.error) };
  return { ok: true, message: "", data: { count: countSegment(getServerContext().db, parsed.data) } };
}

export async function deleteSegmentAction(_previous: ActionResult, formData: FormData): Promise<ActionResult> {
  const auth = await requireActionUser("editor");
  if (!auth.ok) return auth;
  const id = campaignIdSchema.safeParse(formData.get("id"));
  if (!id.success) return { ok: false, message: "Unknown segment." };
  try {
    deleteSegment(getServerContext().db, id.data);
  } catch (error) {
    if (error instanceof SegmentInUseError) {
      const list = error.campaignIds.map((c) => `#${c}`).join(", ");
      return { ok: false, message: `Campaign${error.campaignIds.length === 1 ? "" : "s"} ${list} still use${error.campaignIds.length === 1 ? "s" : ""} this segment. Change or finish ${error.campaignIds.length === 1 ? "it" : "them"} first.` };
    }
    if (error instanceof SegmentNotFoundError) return { ok: false, message: "This segment no longer exists." };
    throw error;
  }
  revalidatePath("/admin/segments");
  return { ok: true, message: "Segment deleted.", data: undefined };
}
