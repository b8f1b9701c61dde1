// The VAPID `sub` claim (RFC 8292 §2.1). Client-safe: the settings form checks it as the user types.
import { z } from "zod";

export type VapidSubjectCheck = { ok: true; subject: string } | { ok: false; message: string };

const LOCAL_HOSTS = /^(localhost|.*\.localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|\[::1?\])$/i;

/**
 * Apple answers 403 BadJwtToken for a subject with spaces or angle brackets or pointing at
 * localhost, so we refuse those here rather than discover it per message.
 */
export function validateVapidSubject(subject: string): VapidSubjectCheck {
  if (typeof subject !== "string" || subject.length === 0) return { ok: false, message: "The contact is required" };
  if (subject.length > 512) return { ok: false, message: "The contact is too long" };
  if (/[\s<>]/.test(subject)) return { ok: false, message: "The contact must not contain spaces or angle brackets" };
  if (subject.startsWith("mailto:")) {
    const address = subject.slice("mailto:".length);
    const match = /^[^@?#/]+@([^@?#/]+)$/.exec(address);
    if (!match) return { ok: false, message: "Write the contact as mailto:name@example.com" };
    if (LOCAL_HOSTS.test(match[1]!) || !match[1]!.includes(".")) {
      return { ok: false, message: "The contact e-mail must use a public domain, not localhost" };
    }
    return { ok: true, subject };
  }
  if (subject.startsWith("https://")) {
    let url: URL;
    try {
      url = new URL(subject);
    } catch {
      return { ok: false, message: "The contact is not a valid https: URL" };
    }
    if (LOCAL_HOSTS.test(url.hostname) || url.username || url.password) {
      return { ok: false, message: "The contact URL must be a public https: address, not localhost" };
    }
    return { ok: true, subject };
  }
  return { ok: false, message: "The contact must start with mailto: or https://" };
}

export const vapidSubjectSchema = z.string().superRefine((value, ctx) => {
  const check = validateVapidSubject(value);
  if (!check.ok) ctx.addIssue({ code: "custom", message: check.message });
});
