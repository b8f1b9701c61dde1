import type { Db } from "@/lib/db/app-db";
import { recordAudit } from "@/lib/audit/record";
import { findCredentialsByEmail } from "@/lib/users/queries";
import { recordSignIn } from "@/lib/users/mutations";
import type { UserRole } from "@/lib/db/schema/enums";
import { newDeviceId, type DeviceClaim } from "./device-cookie";
import { verifyAgainstDummy, verifyPassword } from "./password";
import { clearFailures, deviceKey, emailKey, ipKey, releaseAttempt, reserveAttempt } from "./throttle";

export type AuthenticatedUser = {
  id: number;
  email: string;
  name: string | null;
  role: UserRole;
  sessionVersion: number;
};

export type AuthenticateResult =
  | { ok: true; user: AuthenticatedUser; /** the device id to (re)issue the device cookie with */ deviceId: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterMs: number };

export type AuthenticateInput = {
  email: string;
  password: string;
  ip: string | null;
  /** a verified device cookie the browser sent, if any (./device-cookie.ts) */
  device?: DeviceClaim | null;
  now?: Date;
};

/**
 * Checks an email and password under the sign-in throttle and writes the audit trail. Used by the
 * Auth.js Credentials provider, so every path into a session (form, direct POST) is throttled alike.
 *
 * A browser whose device cookie names this very account is throttled only by that device's own budget:
 * guesses from elsewhere, however many, cannot lock its owner out. Everyone else is throttled per
 * account and per address.
 */
export async function authenticate(db: Db, input: AuthenticateInput): Promise<AuthenticateResult> {
  const now = input.now ?? new Date();
  const email = input.email.trim().toLowerCase();
  const account = await findCredentialsByEmail(db, email);
  const trusted = account !== undefined && input.device?.userId === account.id ? input.device : null;
  const keys = trusted
    ? [deviceKey(trusted.deviceId)]
    : input.ip
      ? [emailKey(email), ipKey(input.ip)]
      : [emailKey(email)];

  const wait = await reserveAttempt(db, keys, now);
  if (wait > 0) {
    await recordAudit(db, {
      actor: null,
      action: "auth.sign_in_blocked",
      targetType: "user",
      details: { email, ...(trusted ? { device: true } : {}) },
      ip: input.ip,
      now,
    });
    return { ok: false, reason: "throttled", retryAfterMs: wait };
  }

  const valid = account
    ? await verifyPassword(input.password, account.passwordHash)
    : await verifyAgainstDummy(input.password);

  if (!account || !valid) {
    await recordAudit(db, {
      actor: null,
      action: "auth.sign_in_failed",
      targetType: "user",
      targetId: account?.id ?? null,
      details: { email, reason: account ? "wrong_password" : "unknown_email", ...(trusted ? { device: true } : {}) },
      ip: input.ip,
      now,
    });
    return { ok: false, reason: "invalid" };
  }

  if (trusted) {
    await clearFailures(db, deviceKey(trusted.deviceId));
  } else {
    // Success forgets the account's failures; the address keeps its count so one known password
    // cannot be used to reset guessing against other accounts.
    await clearFailures(db, emailKey(email));
    if (input.ip) await releaseAttempt(db, ipKey(input.ip));
  }
  await recordSignIn(db, account.id, now);
  await recordAudit(db, {
    actor: { id: account.id, email: account.email },
    action: "auth.sign_in",
    targetType: "user",
    targetId: account.id,
    ip: input.ip,
    now,
  });
  return {
    ok: true,
    user: {
      id: account.id,
      email: account.email,
      name: account.name,
      role: account.role,
      sessionVersion: account.sessionVersion,
    },
    deviceId: trusted?.deviceId ?? newDeviceId(),
  };
}
