import type { UserRole } from "@/lib/db/schema/enums";

export type NavItem = { href: string; label: string; role: UserRole };

// The minimum role only hides links; each page checks the role again itself.
export const NAV_ITEMS: NavItem[] = [
  { href: "/admin", label: "Overview", role: "viewer" },
  { href: "/admin/campaigns", label: "Campaigns", role: "viewer" },
  { href: "/admin/segments", label: "Segments", role: "viewer" },
  { href: "/admin/subscribers", label: "Subscribers", role: "viewer" },
  { href: "/admin/topics", label: "Topics", role: "viewer" },
  { href: "/admin/settings", label: "Settings", role: "viewer" },
  { href: "/admin/api", label: "API", role: "viewer" },
  { href: "/admin/team", label: "Team", role: "owner" },
  { href: "/admin/audit", label: "Audit log", role: "owner" },
];

export function isActive(pathname: string, href: string): boolean {
  return href === "/admin" ? pathname === "/admin" : pathname === href || pathname.startsWith(`${href}/`);
}
