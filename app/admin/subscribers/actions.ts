"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineFormAction } from "@/lib/http/action";
import { getServerContext } from "@/lib/server-context";
import { deleteSubscriber } from "@/lib/subscribers/delete";

export const deleteSubscriberAction = defineFormAction({
  name: "subscribers.delete",
  access: "editor",
  schema: z.object({
    id: z.coerce.number().int().positive(),
    confirm: z.literal("delete", { error: 'Type "delete" to confirm.' }),
  }),
  fields: ["id", "confirm"],
  invalid: "Check the highlighted field.",
  async handle({ input, user, client }): Promise<never> {
    await deleteSubscriber(getServerContext().appDb, input.id, { id: user.id, email: user.email }, { ip: client });
    revalidatePath("/admin/subscribers");
    redirect("/admin/subscribers?deleted=1");
  },
});
