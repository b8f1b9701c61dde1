export const INVALID_CREDENTIALS_MESSAGE = "That email and password do not match an account.";

/** Only paths inside the dashboard are honoured after sign-in (no open redirect to other sites). */
export function safeCallbackUrl(value: unknown): string {
  if (typeof value !== "string") return "/admin";
  if (!/^\/admin(\/[\w\-./?=&%]*)?$/.test(value) || value.includes("//") || value.includes("..")) return "/admin";
  if (value.startsWith("/admin/sign-in") || value.startsWith("/admin/setup")) return "/admin";
  return value;
}
