"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireActionUser } from "@/lib/auth/require-user";
import { getServerContext } from "@/lib/server-context";
import { createTopic, moveTopic, setTopicArchived, TopicAdminError, updateTopic } from "@/lib/topics/admin";
import { createTopicSchema, moveTopicSchema, topicIdSchema, updateTopicSchema } from "@/lib/topics/admin-schema";
import type { FormState } from "../subscribers/_components/form-state";

const field = (formData: FormData, name: string) => formData.get(name) ?? undefined;

function done(message: string): FormState {
  revalidatePath("/admin/topics");
  return { ok: true, message };
}

function failed(error: unknown): FormState {
  if (error instanceof TopicAdminError) return { ok: false, message: error.message, fieldErrors: error.code === "not_found" ? undefined : { slug: [error.message] } };
  throw error;
}

export async function createTopicAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const auth = await requireActionUser("editor");
  if (!auth.ok) return auth;
  const parsed = createTopicSchema.safeParse({ name: field(formData, "name"), description: field(formData, "description"), slug: field(formData, "slug") });
  if (!parsed.success) return { ok: false, message: "Check the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  try {
    const topic = createTopic(getServerContext().db, parsed.data, { id: auth.user.id, email: auth.user.email });
    return done(`Topic "${topic.name}" created.`);
  } catch (error) {
    return failed(error);
  }
}

export async function updateTopicAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const auth = await requireActionUser("editor");
  if (!auth.ok) return auth;
  const parsed = updateTopicSchema.safeParse({ id: field(formData, "id"), name: field(formData, "name"), description: field(formData, "description") });
  if (!parsed.success) return { ok: false, message: "Check the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors };
  try {
    updateTopic(getServerContext().db, parsed.data, { id: auth.user.id, email: auth.user.email });
    return done("Topic saved.");
  } catch (error) {
    return failed(error);
  }
}

export async function moveTopicAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const auth = await requireActionUser("editor");
  if (!auth.ok) return auth;
  const parsed = moveTopicSchema.safeParse({ id: field(formData, "id"), direction: field(formData, "direction") });
  if (!parsed.success) return { ok: false, message: "That move is not possible." };
  try {
    moveTopic(getServerContext().db, parsed.data.id, parsed.data.direction);
    return done("Order saved.");
  } catch (error) {
    return failed(error);
  }
}

export async function archiveTopicAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const auth = await requireActionUser("editor");
  if (!auth.ok) return auth;
  const parsed = topicIdSchema.extend({ archived: z.enum(["true", "false"]) }).safeParse({ id: field(formData, "id"), archived: field(formData, "archived") });
  if (!parsed.success) return { ok: false, message: "That change is not possible." };
  try {
    setTopicArchived(getServerContext().db, parsed.data.id, parsed.data.archived === "true", { id: auth.user.id, email: auth.user.email });
    return done(parsed.data.archived === "true" ? "Topic archived: it is hidden from the site." : "Topic restored.");
  } catch (error) {
    return failed(error);
  }
}
