"use server";

import { revalidatePath } from "next/cache";
import type { ApiKeyDto } from "@/lib/api-keys/dto";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/manage";
import { apiKeyIdSchema, createApiKeySchema } from "@/lib/api-keys/schema";
import { defineFormAction } from "@/lib/http/action";
import { getServerContext } from "@/lib/server-context";

const PATH = "/admin/settings/api-keys";
const actorOf = (user: { id: number; email: string }) => ({ id: user.id, email: user.email });
const text = (form: FormData, name: string) => form.get(name) ?? undefined;

/** The secret comes back once, in this result; the page shows it until the owner dismisses it. */
export const createApiKeyAction = defineFormAction({
  name: "api_keys.create",
  access: "owner",
  schema: createApiKeySchema,
  read: (form) => ({
    name: text(form, "name"),
    scopes: form.getAll("scopes"),
    expiresAt: text(form, "expiresAt"),
    rateLimitPerSecond: text(form, "rateLimitPerSecond"),
  }),
  keep: ["name", "expiresAt", "rateLimitPerSecond"],
  async handle({ input, user, client, now }) {
    const { key, secret } = await createApiKey(getServerContext().appDb, input, actorOf(user), now, client);
    revalidatePath(PATH);
    return {
      ok: true,
      message: `Key “${key.name}” created. Copy its secret now: you will not see it again.`,
      data: { secret, key } satisfies { secret: string; key: ApiKeyDto },
    };
  },
});

export const revokeApiKeyAction = defineFormAction({
  name: "api_keys.revoke",
  access: "owner",
  schema: apiKeyIdSchema,
  fields: ["id"],
  invalid: "Choose a key to revoke.",
  async handle({ input, user, client, now }) {
    const key = await revokeApiKey(getServerContext().appDb, input.id, actorOf(user), now, client);
    revalidatePath(PATH);
    return { ok: true, message: `Key “${key.name}” revoked: its next request is refused.` };
  },
});
