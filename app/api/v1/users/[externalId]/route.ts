// GET /api/v1/users/{externalId} — one user's devices (subscriptions carrying the site's user id)
// DELETE /api/v1/users/{externalId} — a data-deletion request: the user's subscriptions and delivery history
import { z } from "zod";
import { apiUserSchema, getApiUser } from "@/lib/api/subscriptions";
import { defineEndpoint } from "@/lib/http/endpoint";
import { deleteUserData } from "@/lib/identity/delete-user-data";
import { externalIdSchema } from "@/lib/identity/schema";
import { getServerContext } from "@/lib/server-context";

export const dynamic = "force-dynamic";

const userParamsSchema = z.object({ externalId: externalIdSchema.describe("the site's user id, URL-encoded") });

export const GET = defineEndpoint({
  label: "GET /api/v1/users/{externalId}",
  access: { apiScope: "subscriptions:read" },
  params: userParamsSchema,
  notFound: "This is not a valid user id (1 to 128 characters).",
  doc: {
    summary: "Get a user's devices",
    description: "A user nobody linked yet is not an error: the list is empty.",
    tag: "Users",
    success: { status: 200, description: "The user's subscriptions", schema: apiUserSchema },
  },
  async handle({ params }) {
    return { status: 200, json: await getApiUser(getServerContext().appDb, params.externalId) };
  },
});

export const DELETE = defineEndpoint({
  label: "DELETE /api/v1/users/{externalId}",
  access: { apiScope: "subscriptions:write" },
  params: userParamsSchema,
  notFound: "This is not a valid user id (1 to 128 characters).",
  doc: {
    summary: "Delete a user's data",
    description:
      "Removes every subscription of this user and their delivery history, in one transaction, and audits " +
      "the request (the audit keeps a hash of the id, not the id). Deleting an unknown user deletes nothing.",
    tag: "Users",
    success: {
      status: 200,
      description: "What was deleted",
      schema: z.object({ deleted: z.object({ subscriptions: z.number().int(), deliveries: z.number().int() }) }),
    },
  },
  async handle({ params, apiKey, client }) {
    const db = getServerContext().appDb;
    const deleted = await deleteUserData(db, params.externalId, { apiKeyId: apiKey.id }, new Date(), client);
    return { status: 200, json: { deleted } };
  },
});
