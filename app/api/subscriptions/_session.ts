import type { Db } from "@/lib/db/client";
import { checkAccess } from "@/lib/auth/access";
import { getSessionUserId } from "@/lib/auth/session";

/**
 * The signed-in admin's id, so their own devices are linked for "send a test to my devices".
 * Visitors are anonymous: any failure to read a session means "nobody", never an error.
 */
export async function signedInUserId(db: Db): Promise<number | null> {
  try {
    const access = checkAccess(db, await getSessionUserId(), "viewer");
    return access.ok ? access.user.id : null;
  } catch {
    return null;
  }
}
