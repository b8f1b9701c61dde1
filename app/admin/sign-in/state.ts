export const INVALID_CREDENTIALS_MESSAGE = "That email and password do not match an account.";

/** Why someone was sent to sign in again: ?notice=… */
export const SIGN_IN_NOTICES = { passwordChanged: "password-changed", passwordReset: "password-reset" } as const;

export const NOTICE_MESSAGES: Record<string, string> = {
  [SIGN_IN_NOTICES.passwordChanged]:
    "Your password was changed and every session ended. Sign in with the new password.",
  [SIGN_IN_NOTICES.passwordReset]: "Your password was reset and every session ended. Sign in with the new password.",
};

/** Only paths inside the dashboard are honoured after sign-in (no open redirect to other sites). */
export function safeCallbackUrl(value: unknown): string {
  if (typeof value !== "string") return "/admin";
  if (!/^\/admin(\/[\w\-./?=&%]*)?$/.test(value) || value.includes("//") || value.includes("..")) return "/admin";
  if (value.startsWith("/admin/sign-in") || value.startsWith("/admin/setup")) return "/admin";
  return value;
}
