// Client-safe: the team forms and their server actions share these.
import { z } from "zod";
import { emailSchema, nameSchema, newPasswordFields, passwordsMatch, roleSchema } from "@/lib/users/schema";

export const INVITATION_TTL_MS = 7 * 86_400_000;
export const PASSWORD_RESET_TTL_MS = 86_400_000;

/** The token of a single-use link (invitation or password reset): 32 random bytes, base64url. */
export const linkTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This link is not valid.");

export const inviteSchema = z.object({ email: emailSchema, role: roleSchema });
export type InviteInput = z.infer<typeof inviteSchema>;

export const changeRoleSchema = z.object({ userId: z.coerce.number().int().positive(), role: roleSchema });
export const memberIdSchema = z.object({ userId: z.coerce.number().int().positive() });
export const invitationIdSchema = z.object({ id: z.coerce.number().int().positive() });

export const acceptInvitationSchema = z
  .object({
    token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This invitation link is not valid."),
    name: nameSchema.min(1, "Enter your name."),
    ...newPasswordFields,
  })
  .refine(...passwordsMatch);

export const redeemPasswordResetSchema = z
  .object({ token: linkTokenSchema, ...newPasswordFields })
  .refine(...passwordsMatch);
