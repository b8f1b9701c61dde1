import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import type { UserRole } from "@/lib/db/schema/enums";
import { toUserDto, type UserDto } from "@/lib/users/dto";
import { hasRole } from "./roles";
import { sessionEndsAt, type SessionClaims } from "./session-claims";
import { isSessionRevoked } from "./sessions";

export type AccessDenied = { ok: false; code: "unauthenticated" | "forbidden"; status: 401 | 403; message: string };
export type AccessResult = { ok: true; user: UserDto } | AccessDenied;

export const UNAUTHENTICATED_MESSAGE = "Sign in to continue.";
export const FORBIDDEN_MESSAGE = "Your role does not allow this. Ask an owner for access.";

const ANONYMOUS: AccessDenied = { ok: false, code: "unauthenticated", status: 401, message: UNAUTHENTICATED_MESSAGE };

/** The account a session still stands for, or null when the session has ended (any of the ways below). */
async function sessionUser(db: Db, claims: SessionClaims | null, now: Date): Promise<UserDto | null> {
  if (!claims) return null;
  const { users } = db.tables;
  const [row] = await db.select().from(users).where(eq(users.id, claims.userId)).limit(1);
  // removed, or every session ended since this one signed in (sign out everywhere, password change/reset)
  if (!row || row.sessionVersion !== claims.version) return null;
  // Auth.js rolls the cookie's expiry forward on use; the session itself ends 8 h after sign-in
  if (now.getTime() >= sessionEndsAt(claims).getTime()) return null;
  if (await isSessionRevoked(db, claims.sid)) return null;
  return toUserDto(row);
}

/**
 * The one authorisation rule: the session must not have been ended, its user must still exist and hold
 * at least `role`. The account is re-read on every call, so removing or demoting someone, or ending
 * their sessions, takes effect at once, whatever their session cookie still says.
 */
export async function checkAccess(
  db: Db,
  claims: SessionClaims | null,
  role: UserRole,
  now = new Date(),
): Promise<AccessResult> {
  const user = await sessionUser(db, claims, now);
  if (!user) return ANONYMOUS;
  if (!hasRole(user.role, role)) return { ok: false, code: "forbidden", status: 403, message: FORBIDDEN_MESSAGE };
  return { ok: true, user };
}
