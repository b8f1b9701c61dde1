// Client-safe: the navigation uses it to hide what a role cannot open.
import { USER_ROLES, type UserRole } from "@/lib/db/schema/enums";

export type { UserRole };
export { USER_ROLES };

// owner > editor > viewer. owner: everything incl. the team; editor: compose, send, manage
// subscribers; viewer: read only.
const RANK: Record<UserRole, number> = { viewer: 1, editor: 2, owner: 3 };

export function hasRole(actual: UserRole, required: UserRole): boolean {
  return RANK[actual] >= RANK[required];
}

/** The role just below the given one, or null for the lowest (used by the guard tests). */
export function roleBelow(role: UserRole): UserRole | null {
  const lower = USER_ROLES.filter((candidate) => RANK[candidate] === RANK[role] - 1);
  return lower[0] ?? null;
}

export const ROLE_LABELS: Record<UserRole, string> = { owner: "Owner", editor: "Editor", viewer: "Viewer" };
