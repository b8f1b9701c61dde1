// Client-safe input schemas for accounts: imported by the forms and by the server actions.
import { z } from "zod";
import { USER_ROLES } from "@/lib/db/schema/enums";

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 1024;

export const emailSchema = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address, like name@example.com." }));

export const passwordSchema = z
  .string({ error: "Enter a password." })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .max(PASSWORD_MAX_LENGTH, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);

// Control characters, lone surrogates, bidi overrides/isolates and invisible spaces: a name is shown to
// the whole team, and these make "Olive" look like someone else's or reorder the text around it.
// ZWJ/ZWNJ stay allowed: emoji sequences and several scripts need them.
export const HIDDEN_CHARACTERS = /[\p{Cc}\p{Cs}\u200B\u2028\u2029\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u;

export const nameSchema = z
  .string()
  .trim()
  .max(100, "Use at most 100 characters.")
  .refine(
    (value) => !HIDDEN_CHARACTERS.test(value),
    "Use visible characters only (no control or direction-changing characters).",
  );

export const roleSchema = z.enum(USER_ROLES, { error: `Choose one of: ${USER_ROLES.join(", ")}.` });

/** A new password typed twice: setup, invitations, password change and reset all choose one this way. */
export const newPasswordFields = {
  password: passwordSchema,
  confirmPassword: z.string({ error: "Repeat the password." }),
};

export const passwordsMatch: [
  (value: { password: string; confirmPassword: string }) => boolean,
  { path: string[]; error: string },
] = [
  (value) => value.password === value.confirmPassword,
  { path: ["confirmPassword"], error: "The passwords do not match." },
];

export const setupOwnerSchema = z
  .object({
    email: emailSchema,
    name: nameSchema.min(1, "Enter your name."),
    ...newPasswordFields,
  })
  .refine(...passwordsMatch);
export type SetupOwnerInput = z.infer<typeof setupOwnerSchema>;

// Sign-in checks only the shape: a short or odd password is simply wrong, never a hint.
export const signInSchema = z.object({
  // Every account's email passed emailSchema, so anything else cannot match one: it is refused before
  // the throttle and the audit log are touched, and hostile text never reaches the database.
  email: z
    .string({ error: "Enter your email address." })
    .trim()
    .toLowerCase()
    .min(1, "Enter your email address.")
    .max(254)
    .pipe(z.email({ error: "Enter a valid email address, like name@example.com." })),
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(PASSWORD_MAX_LENGTH),
});
export type SignInInput = z.infer<typeof signInSchema>;

export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: "Enter your current password." })
      .min(1, "Enter your current password.")
      .max(PASSWORD_MAX_LENGTH),
    ...newPasswordFields,
  })
  .refine(...passwordsMatch)
  .refine((value) => value.password !== value.currentPassword, {
    path: ["password"],
    error: "Choose a password different from the current one.",
  });
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

export const createUserSchema = z.object({
  email: emailSchema,
  name: nameSchema.optional(),
  role: roleSchema,
  password: passwordSchema,
});
export type CreateUserInput = z.infer<typeof createUserSchema>;
