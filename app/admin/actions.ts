"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { signOut } from "@/lib/auth/auth";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { requireActionUser, type ActionDenied } from "@/lib/auth/require-user";
import { recordAudit } from "@/lib/audit/record";
import { getServerContext } from "@/lib/server-context";

export async function signOutAction(): Promise<ActionDenied | null> {
  const auth = await requireActionUser("viewer");
  if (!auth.ok) return auth;
  recordAudit(getServerContext().db, {
    actor: { id: auth.user.id, email: auth.user.email },
    action: "auth.sign_out",
    targetType: "user",
    targetId: auth.user.id,
    ip: clientIpFrom(await headers()),
  });
  await signOut({ redirect: false });
  redirect("/admin/sign-in");
}
