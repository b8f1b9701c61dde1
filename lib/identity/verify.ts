// The opt-in's signed user id: a page may pass the site's user id with its back-end's signature of it
// (./signature.ts); the subscription stores the id only when the signature holds with the install's
// current secret. Checked before the first write of the save, so a refusal leaves nothing behind.
import { DomainError } from "@/lib/errors/domain-error";
import type { Db } from "@/lib/db/app-db";
import { parseExternalId } from "./parse";
import { UNPAIRED_MESSAGE, externalIdSignatureSchema } from "./schema";
import { readIdentitySecret } from "./secret";
import { verifyIdentitySignature } from "./signature";

export const BAD_SIGNATURE_MESSAGE =
  "The signature does not match this user id. Sign the exact id with the identity secret from Settings → Identity verification (hex HMAC-SHA256); a rotated secret makes older signatures invalid.";

/** A signature that does not hold: 403, the request was well-formed but does not prove the id. */
export class IdentitySignatureError extends DomainError {
  constructor() {
    super("forbidden", BAD_SIGNATURE_MESSAGE, { fieldErrors: { externalIdSignature: [BAD_SIGNATURE_MESSAGE] } });
  }
}

/** The proven user id, null when neither is given; throws when only one is, or the signature fails. */
export async function verifiedExternalId(
  db: Db,
  externalId: string | undefined,
  signature: string | undefined,
): Promise<string | null> {
  if (externalId === undefined && signature === undefined) return null;
  if (externalId === undefined || signature === undefined) {
    const field = externalId === undefined ? "externalId" : "externalIdSignature";
    throw new DomainError("invalid_input", UNPAIRED_MESSAGE, { fieldErrors: { [field]: [UNPAIRED_MESSAGE] } });
  }
  const id = parseExternalId(externalId);
  const parsed = externalIdSignatureSchema.safeParse(signature);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? "The signature is not valid.";
    throw new DomainError("invalid_input", message, { fieldErrors: { externalIdSignature: [message] } });
  }
  const secret = await readIdentitySecret(db);
  if (secret === undefined || !verifyIdentitySignature(secret, id, parsed.data)) throw new IdentitySignatureError();
  return id;
}
