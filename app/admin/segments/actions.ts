"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { campaignIdSchema, MAX_COMPOSER_JSON } from "@/lib/campaigns/schema";
import { defineAction, defineFormAction } from "@/lib/http/action";
import { isFramingError, jsonField } from "@/lib/http/action-result";
import { createSegment, deleteSegment, updateSegment } from "@/lib/segments/mutations";
import { countSegment } from "@/lib/segments/queries";
import { segmentInputSchema, segmentRulesSchema } from "@/lib/segments/schema";
import { getServerContext } from "@/lib/server-context";
import { recordAudit } from "@/lib/audit/record";

const segmentId = z.coerce.number({ error: "Unknown segment." }).int("Unknown segment.").positive("Unknown segment.");

export const saveSegmentAction = defineFormAction({
  name: "segments.save",
  access: "editor",
  schema: z.object({ id: segmentId.optional(), payload: jsonField(segmentInputSchema, MAX_COMPOSER_JSON) }),
  read: (form) => ({ id: form.get("id") || undefined, payload: form.get("payload") ?? undefined }),
  jsonPayload: "payload",
  invalid: (error) =>
    isFramingError(error, ["id", "payload"])
      ? "The form arrived incomplete. Reload the page and try again."
      : "Check the highlighted fields.",
  async handle({ input: { id, payload }, user, client }): Promise<never> {
    const { appDb: db } = getServerContext();
    const saved = (id ? await updateSegment(db, id, payload) : await createSegment(db, payload, user.id)).id;
    await recordAudit(db, {
      actor: user,
      action: id ? "segment.update" : "segment.create",
      targetType: "segment",
      targetId: saved,
      details: { name: payload.name },
      ip: client,
    });
    revalidatePath("/admin/segments");
    redirect(`/admin/segments?saved=${saved}`);
  },
});

export const countSegmentAction = defineAction({
  name: "segments.count",
  access: "viewer",
  schema: segmentRulesSchema,
  invalid: "Finish the highlighted rules to see a count.",
  async handle({ input }) {
    return { ok: true, message: "", data: { count: await countSegment(getServerContext().appDb, input) } };
  },
});

export const deleteSegmentAction = defineFormAction({
  name: "segments.delete",
  access: "editor",
  schema: z.object({ id: campaignIdSchema }),
  fields: ["id"],
  invalid: "Unknown segment.",
  async handle({ input, user, client }) {
    const { appDb: db } = getServerContext();
    await deleteSegment(db, input.id);
    await recordAudit(db, {
      actor: user,
      action: "segment.delete",
      targetType: "segment",
      targetId: input.id,
      ip: client,
    });
    revalidatePath("/admin/segments");
    return { ok: true, message: "Segment deleted." };
  },
});
