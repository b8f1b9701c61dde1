// Single-use links (invitations, password resets): we send no email, so the owner copies a link. Only
// the SHA-256 of its token is stored, so a database copy cannot be turned into working links.
import { createHash, randomBytes } from "node:crypto";

export const newLinkToken = () => randomBytes(32).toString("base64url");

export const hashLinkToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Cheap shape check before any lookup: every token we issue has exactly this form. */
export const isLinkTokenShape = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);
