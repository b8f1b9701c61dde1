// requireUser(role) — the one authorisation check — and its thin adapters for each kind of edge.
// Every admin page, server action and admin route handler calls one of these itself.
import { forbidden, redirect } from "next/navigation";
import { headers } from "next/headers";
import { getServerContext } from "@/lib/server-context";
import type { UserRole } from "@/lib/db/schema/enums";
import type { UserDto } from "@/lib/users/dto";
import { hasAnyUser } from "@/lib/users/queries";
import { errorResponse } from "@/lib/http/errors";
import { checkAccess, type AccessResult } from "./access";
import { getSessionUserId } from "./session";
import { SIGN_IN_PATH } from "./auth";

export async function requireUser(role: UserRole): Promise<AccessResult> {
  const userId = await getSessionUserId();
  return checkAccess(getServerContext().db, userId, role);
}

/** Server components: anonymous → sign-in (or first-run setup), too low → the 403 page. */
export async function requirePageUser(role: UserRole): Promise<UserDto> {
  const access = await requireUser(role);
  if (access.ok) return access.user;
  if (access.code === "forbidden") forbidden();
  if (!hasAnyUser(getServerContext().db)) redirect("/admin/setup");
  const path = (await headers()).get("x-pushboard-path");
  redirect(path && path.startsWith("/admin") ? `${SIGN_IN_PATH}?callbackUrl=${encodeURIComponent(path)}` : SIGN_IN_PATH);
}

/** Admin route handlers answer with the same error shape as every other route (lib/http). */
export function apiError(status: number, code: string, message: string): Response {
  return errorResponse(status, code, message);
}

/** Route handlers: `const auth = await requireRouteUser("editor"); if (!auth.ok) return auth.response;` */
export async function requireRouteUser(role: UserRole): Promise<{ ok: true; user: UserDto } | { ok: false; response: Response }> {
  const access = await requireUser(role);
  if (access.ok) return access;
  return { ok: false, response: apiError(access.status, access.code, access.message) };
}

export type ActionDenied = { ok: false; message: string; fieldErrors?: undefined };

/** Server actions: `const auth = await requireActionUser("editor"); if (!auth.ok) return auth;` */
export async function requireActionUser(role: UserRole): Promise<{ ok: true; user: UserDto } | ActionDenied> {
  const access = await requireUser(role);
  if (access.ok) return access;
  return { ok: false, message: access.message };
}
