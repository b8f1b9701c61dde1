"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { signOut } from "@/lib/auth/auth";
import { recordAudit } from "@/lib/audit/record";
import { defineFormAction } from "@/lib/http/action";
import { getServerContext } from "@/lib/server-context";

export const signOutAction = defineFormAction({
  name: "auth.sign_out",
  access: "viewer",
  schema: z.object({}),
  async handle({ user, client }): Promise<never> {
    recordAudit(getServerContext().db, { actor: { id: user.id, email: user.email }, action: "auth.sign_out", targetType: "user", targetId: user.id, ip: client });
    await signOut({ redirect: false });
    redirect("/admin/sign-in");
  },
});
