"use server";

import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/auth";
import { hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record";
import { defineFormAction } from "@/lib/http/action";
import { getServerContext } from "@/lib/server-context";
import { SetupClosedError } from "@/lib/users/errors";
import { createFirstOwner } from "@/lib/users/mutations";
import { hasAnyUser } from "@/lib/users/queries";
import { setupOwnerSchema } from "@/lib/users/schema";

// Public only while no account exists; createFirstOwner checks that again inside its transaction.
export const setupOwnerAction = defineFormAction({
  name: "users.setup_owner",
  access: "public",
  schema: setupOwnerSchema,
  fields: ["email", "name", "password", "confirmPassword"],
  keep: ["email", "name"],
  precondition: async () =>
    (await hasAnyUser(getServerContext().appDb)) ? { ok: false, message: new SetupClosedError().message } : null,
  async handle({ input: { email, name, password }, client }): Promise<never> {
    const { appDb } = getServerContext();
    if (await hasAnyUser(appDb)) throw new SetupClosedError();
    // scrypt before the transaction: it must not hold the database while hashing
    const passwordHash = await hashPassword(password);
    const owner = await createFirstOwner(appDb, { email, name, passwordHash });
    await recordAudit(appDb, {
      actor: { id: owner.id, email: owner.email },
      action: "user.setup_owner",
      targetType: "user",
      targetId: owner.id,
      ip: client,
    });
    try {
      await signIn("credentials", { email, password, redirect: false });
    } catch {
      // The account exists; if signing in is refused (say, the address is throttled) the form takes over.
      redirect("/admin/sign-in");
    }
    redirect("/admin");
  },
});
