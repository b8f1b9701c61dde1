// POST /api/admin/subscriptions-import — a JSON or CSV file of subscriptions as the raw body (owners; audited).
// A route handler rather than a server action: files run past the actions' 1 MB body limit.
import { env } from "@/lib/env.mjs";
import { DomainError } from "@/lib/errors/domain-error";
import { defineEndpoint } from "@/lib/http/endpoint";
import { getServerContext } from "@/lib/server-context";
import { getExtraPushHosts } from "@/lib/settings/push-hosts";
import { MAX_IMPORT_BYTES, parseImportFile } from "@/lib/subscribers/import-file";
import { importSubscriptions } from "@/lib/subscribers/transfer";

export const dynamic = "force-dynamic";

export const POST = defineEndpoint({
  label: "POST /api/admin/subscriptions-import",
  access: "owner",
  // not text/plain: that is a type any other site's form may post without asking first
  body: { text: ["application/json", "text/csv"], maxBytes: MAX_IMPORT_BYTES },
  async handle({ body, user }) {
    if (body.trim() === "") throw new DomainError("invalid_file", "Choose a JSON or CSV file.");
    const { appDb, vapidKeys } = getServerContext();
    const report = await importSubscriptions(appDb, parseImportFile(body), {
      extraHosts: await getExtraPushHosts(appDb, env.PUSH_EXTRA_HOSTS),
      vapidPublicKey: (await vapidKeys()).publicKey,
      actor: { id: user.id, email: user.email },
    });
    return { status: 200, json: { report } };
  },
});
