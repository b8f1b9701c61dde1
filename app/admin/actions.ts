"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { signOut } from "@/lib/auth/auth";
import { getSessionClaims } from "@/lib/auth/session";
import { bumpSessionVersion, revokeSession } from "@/lib/auth/sessions";
import { recordAudit } from "@/lib/audit/record";
import { defineFormAction } from "@/lib/http/action";
import { getServerContext } from "@/lib/server-context";

/** Ends this browser's session for good: a copy of its cookie is refused from now on. */
export const signOutAction = defineFormAction({
  name: "auth.sign_out",
  access: "viewer",
  schema: z.object({}),
  async handle({ user, client }): Promise<never> {
    const { appDb } = getServerContext();
    const claims = await getSessionClaims();
    if (claims) await revokeSession(appDb, claims);
    await recordAudit(appDb, {
      actor: { id: user.id, email: user.email },
      action: "auth.sign_out",
      targetType: "user",
      targetId: user.id,
      ip: client,
    });
    await signOut({ redirect: false });
    redirect("/admin/sign-in");
  },
});

/** Ends every session of the account, in every browser, this one included. */
export const signOutEverywhereAction = defineFormAction({
  name: "auth.sign_out_everywhere",
  access: "viewer",
  schema: z.object({}),
  async handle({ user, client }): Promise<never> {
    const { appDb } = getServerContext();
    await bumpSessionVersion(appDb, user.id);
    await recordAudit(appDb, {
      actor: { id: user.id, email: user.email },
      action: "auth.sign_out_everywhere",
      targetType: "user",
      targetId: user.id,
      ip: client,
    });
    await signOut({ redirect: false });
    redirect("/admin/sign-in");
  },
});
