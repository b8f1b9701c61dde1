// Client-safe: the site's own user id as a subscription carries it (subscriptions.external_id), and the
// signature its back-end makes of it (./signature.ts). The id is never trimmed or normalised: the
// signature is over its exact bytes, so "user-42 " must be refused, not quietly become "user-42".
import { z } from "zod";

export const EXTERNAL_ID_MAX = 128;

// C0 controls, DEL and C1 controls: invisible in the dashboard and the CSV, and a way to make two ids look alike
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export const externalIdSchema = z
  .string({ error: "The user id must be text." })
  .min(1, "The user id is empty.")
  .max(EXTERNAL_ID_MAX, `The user id is longer than ${EXTERNAL_ID_MAX} characters.`)
  .refine((value) => !CONTROL.test(value), "The user id contains control characters (tabs, line breaks or the like).")
  .refine(
    (value) => value.trim() === value,
    "The user id starts or ends with white space. Send it exactly as your site stores it, without padding.",
  );

/** A hex HMAC-SHA256: 64 hex digits, upper case accepted and read as lower case. */
export const externalIdSignatureSchema = z
  .string({ error: "The signature must be text." })
  .regex(/^[0-9a-fA-F]{64}$/, "The signature must be 64 hex digits (a hex HMAC-SHA256 of the user id).")
  .transform((value) => value.toLowerCase());

/** An opt-in (or any request) that carries one of the id and its signature without the other. */
export const UNPAIRED_MESSAGE = "externalId and externalIdSignature go together: send both, or neither.";

/** A list of user ids, as "send to these users" takes it: duplicates collapse. */
export const externalIdListSchema = z
  .array(externalIdSchema)
  .min(1, "Name at least one user id.")
  .max(10_000, "Name at most 10,000 user ids.")
  .transform((ids) => [...new Set(ids)]);
