import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AdminShell } from "@/components/admin/admin-shell";
import { requireUser } from "@/lib/auth/require-user";

// Every admin page reads the session and the database per request. Said here so `next build` never
// tries to prerender one: on PostgreSQL the database is opened at server start, not during a build.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Dashboard", template: "%s · Pushboard admin" },
  robots: { index: false, follow: false },
};

// Signed in: the dashboard frame. Otherwise the sign-in and setup pages render on their own; every
// other page sends the visitor away itself (requirePageUser), so the frame never shows to strangers.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const access = await requireUser("viewer");
  if (!access.ok) return children;
  return <AdminShell user={access.user}>{children}</AdminShell>;
}
