import type { Db } from "@/lib/db/client";
import type { UserRole } from "@/lib/db/schema/enums";
import { findUserById } from "@/lib/users/queries";
import type { UserDto } from "@/lib/users/dto";
import { hasRole } from "./roles";

export type AccessDenied = { ok: false; code: "unauthenticated" | "forbidden"; status: 401 | 403; message: string };
export type AccessResult = { ok: true; user: UserDto } | AccessDenied;

export const UNAUTHENTICATED_MESSAGE = "Sign in to continue.";
export const FORBIDDEN_MESSAGE = "Your role does not allow this. Ask an owner for access.";

/**
 * The one authorisation rule: the session's user must still exist and hold at least `role`.
 * The account is re-read on every call, so removing or demoting someone takes effect at once,
 * whatever their session cookie still says.
 */
export function checkAccess(db: Db, userId: number | null, role: UserRole): AccessResult {
  const user = userId === null ? null : findUserById(db, userId);
  if (!user) return { ok: false, code: "unauthenticated", status: 401, message: UNAUTHENTICATED_MESSAGE };
  if (!hasRole(user.role, role)) return { ok: false, code: "forbidden", status: 403, message: FORBIDDEN_MESSAGE };
  return { ok: true, user };
}
