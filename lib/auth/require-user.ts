// requireUser(role) — the one authorisation check. Route handlers and server actions get it from their
// declaration (lib/http/endpoint.ts, lib/http/action.ts); pages call requirePageUser themselves.
import { forbidden, redirect } from "next/navigation";
import { headers } from "next/headers";
import { getServerContext } from "@/lib/server-context";
import type { UserRole } from "@/lib/db/schema/enums";
import type { UserDto } from "@/lib/users/dto";
import { hasAnyUser } from "@/lib/users/queries";
import { checkAccess, type AccessResult } from "./access";
import { getSessionClaims } from "./session";
import { SIGN_IN_PATH } from "./auth";

export async function requireUser(role: UserRole): Promise<AccessResult> {
  return checkAccess(getServerContext().appDb, await getSessionClaims(), role);
}

/** Server components: anonymous → sign-in (or first-run setup), too low → the 403 page. */
export async function requirePageUser(role: UserRole): Promise<UserDto> {
  const access = await requireUser(role);
  if (access.ok) return access.user;
  if (access.code === "forbidden") forbidden();
  if (!(await hasAnyUser(getServerContext().appDb))) redirect("/admin/setup");
  const path = (await headers()).get("x-pushboard-path");
  redirect(
    path && path.startsWith("/admin") ? `${SIGN_IN_PATH}?callbackUrl=${encodeURIComponent(path)}` : SIGN_IN_PATH,
  );
}
