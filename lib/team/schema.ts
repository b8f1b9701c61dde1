// Client-safe: the team forms and their server actions share these.
import { z } from "zod";
import { emailSchema, nameSchema, passwordSchema, roleSchema } from "@/lib/users/schema";

export const INVITATION_TTL_MS = 7 * 86_400_000;

export const inviteSchema = z.object({ email: emailSchema, role: roleSchema });
export type InviteInput = z.infer<typeof inviteSchema>;

export const changeRoleSchema = z.object({ userId: z.coerce.number().int().positive(), role: roleSchema });
export const memberIdSchema = z.object({ userId: z.coerce.number().int().positive() });
export const invitationIdSchema = z.object({ id: z.coerce.number().int().positive() });

export const acceptInvitationSchema = z
  .object({
    token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This invitation link is not valid."),
    name: nameSchema.min(1, "Enter your name."),
    password: passwordSchema,
    confirmPassword: z.string({ error: "Repeat the password." }),
  })
  .refine((value) => value.password === value.confirmPassword, { path: ["confirmPassword"], error: "The passwords do not match." });
