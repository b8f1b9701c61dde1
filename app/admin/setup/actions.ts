"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signIn } from "@/lib/auth/auth";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record";
import { getServerContext } from "@/lib/server-context";
import { SetupClosedError } from "@/lib/users/errors";
import { createFirstOwner } from "@/lib/users/mutations";
import { hasAnyUser } from "@/lib/users/queries";
import { setupOwnerSchema } from "@/lib/users/schema";
import { UNREADABLE_FORM } from "@/lib/http/form-data";
import type { SetupState } from "./state";

const CLOSED: SetupState = { ok: false, message: new SetupClosedError().message };

// Public only while no account exists; createFirstOwner checks that again inside its transaction.
export async function setupOwnerAction(_previous: SetupState, formData: FormData): Promise<SetupState> {
  // A server action is a public endpoint: a hand-made request can pass anything as its arguments.
  if (!(formData instanceof FormData)) return UNREADABLE_FORM;
  const { db } = getServerContext();
  if (hasAnyUser(db)) return CLOSED;

  const raw = { email: formData.get("email"), name: formData.get("name"), password: formData.get("password"), confirmPassword: formData.get("confirmPassword") };
  const values = { email: typeof raw.email === "string" ? raw.email.slice(0, 254) : "", name: typeof raw.name === "string" ? raw.name.slice(0, 100) : "" };
  const parsed = setupOwnerSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: "Check the highlighted fields.", fieldErrors: z.flattenError(parsed.error).fieldErrors, values };

  const { email, name, password } = parsed.data;
  let owner;
  try {
    owner = createFirstOwner(db, { email, name, passwordHash: await hashPassword(password) });
  } catch (error) {
    if (error instanceof SetupClosedError) return CLOSED;
    throw error;
  }
  recordAudit(db, { actor: { id: owner.id, email: owner.email }, action: "user.setup_owner", targetType: "user", targetId: owner.id, ip: clientIpFrom(await headers()) });

  try {
    await signIn("credentials", { email, password, redirect: false });
  } catch {
    // The account exists; if signing in is refused (say, the address is throttled) the form takes over.
    redirect("/admin/sign-in");
  }
  redirect("/admin");
}
