// POST /api/admin/subscriptions-import — a JSON or CSV file of subscriptions as the raw body (owners; audited).
// A route handler rather than a server action: files run past the actions' 1 MB body limit.
import { env } from "@/lib/env.mjs";
import { requireRouteUser, apiError } from "@/lib/auth/require-user";
import { getServerContext } from "@/lib/server-context";
import { getExtraPushHosts } from "@/lib/settings/push-hosts";
import { importSubscriptions, ImportFormatError, MAX_IMPORT_BYTES, parseImportFile } from "@/lib/subscribers/transfer";

export const dynamic = "force-dynamic";

/** Reads the body up to the limit, stopping (not buffering) as soon as it is exceeded. */
async function readCapped(request: Request): Promise<string | null> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_IMPORT_BYTES) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_IMPORT_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(Buffer.concat(chunks));
}

export async function POST(request: Request) {
  const auth = await requireRouteUser("owner");
  if (!auth.ok) return auth.response;
  const text = await readCapped(request);
  if (text === null) return apiError(413, "too_large", "The file is larger than 10 MB. Split it and import the parts.");
  if (text.trim() === "") return apiError(400, "empty", "Choose a JSON or CSV file.");
  const { db, vapid } = getServerContext();
  try {
    const report = importSubscriptions(db, parseImportFile(text), { extraHosts: getExtraPushHosts(db, env.PUSH_EXTRA_HOSTS), vapidPublicKey: vapid.publicKey, actor: { id: auth.user.id, email: auth.user.email } });
    return Response.json({ report }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (error instanceof ImportFormatError) return apiError(400, "invalid_file", error.message);
    throw error;
  }
}
