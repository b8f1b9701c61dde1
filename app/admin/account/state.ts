/** What the account page says after a redirect back to it: ?notice=… */
export const ACCOUNT_NOTICES = { passwordChanged: "password-changed" } as const;

export const ACCOUNT_NOTICE_MESSAGES: Record<string, string> = {
  [ACCOUNT_NOTICES.passwordChanged]:
    "Password changed. Every other browser and device was signed out; this one stays signed in.",
};
