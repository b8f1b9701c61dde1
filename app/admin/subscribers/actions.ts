"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { requireActionUser } from "@/lib/auth/require-user";
import { getServerContext } from "@/lib/server-context";
import { deleteSubscriber, SubscriberNotFoundError } from "@/lib/subscribers/delete";
import type { FormState } from "./_components/form-state";

const deleteSchema = z.object({ id: z.coerce.number().int().positive(), confirm: z.literal("delete", { error: 'Type "delete" to confirm.' }) });

export async function deleteSubscriberAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const auth = await requireActionUser("editor");
  if (!auth.ok) return auth;
  const parsed = deleteSchema.safeParse({ id: formData.get("id"), confirm: formData.get("confirm") });
  if (!parsed.success) return { ok: false, message: "Check the highlighted field.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  try {
    deleteSubscriber(getServerContext().db, parsed.data.id, { id: auth.user.id, email: auth.user.email }, { ip: clientIpFrom(await headers()) });
  } catch (error) {
    if (error instanceof SubscriberNotFoundError) return { ok: false, message: error.message };
    throw error;
  }
  revalidatePath("/admin/subscribers");
  redirect("/admin/subscribers?deleted=1");
}
