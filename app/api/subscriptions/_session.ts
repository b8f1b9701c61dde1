import type { Db } from "@/lib/db/app-db";
import { checkAccess } from "@/lib/auth/access";
import { getSessionClaims } from "@/lib/auth/session";
import type { HeaderReader } from "@/lib/http/headers";

/** Auth.js's session cookie, with or without the __Secure- prefix, whole or split into ".0", ".1"… chunks. */
const SESSION_COOKIE = "authjs.session-token";

/** Whether a Cookie header may carry an Auth.js session; without one, nobody is signed in. */
export function carriesSessionCookie(cookie: string | null | undefined): boolean {
  return cookie?.includes(SESSION_COOKIE) === true;
}

/**
 * The signed-in admin's id, so their own devices are linked for "send a test to my devices".
 * Visitors are anonymous: any failure to read a session means "nobody", never an error. Most callers
 * are visitors without the admin cookie at all; they skip Auth.js's session decoding entirely.
 */
export async function signedInUserId(db: Db, headers: HeaderReader): Promise<number | null> {
  if (!carriesSessionCookie(headers.get("cookie"))) return null;
  try {
    const access = await checkAccess(db, await getSessionClaims(), "viewer");
    return access.ok ? access.user.id : null;
  } catch {
    return null;
  }
}
