// The push doctor: checks for what silently breaks Web Push, each with how to fix it. Framework-free:
// the environment facts and the network (fetch) are passed in.
import { and, count, eq, ne } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { measurePayload, PAYLOAD_MAX_BYTES } from "@/lib/push/payload";
import { MAX_TTL_SECONDS } from "@/lib/push/options";
import { validateVapidSubject } from "@/lib/push/vapid-subject";
import { DEFAULT_VAPID_SUBJECT } from "@/lib/settings/bootstrap";
import type { VapidKeys } from "@/lib/settings/keys";
import { getNotificationDefaults } from "@/lib/settings/notification-defaults";
import { isMatchingVapidPair } from "@/lib/settings/vapid-rotation";
import { checkRejections, checkUnanswered } from "./delivery-checks";

export type CheckStatus = "pass" | "warn" | "fail";
export type DoctorCheck = { id: string; title: string; status: CheckStatus; detail: string; fix?: string };

export type DoctorInput = {
  keys: VapidKeys;
  nodeEnv: string;
  publicUrl: string | undefined;
  /** The origin the server is reached at, for fetching its own manifest and service worker. */
  origin: string;
  fetch: typeof fetch;
  timeoutMs?: number;
  recentDeliveries?: number;
};

export function checkSubject(keys: VapidKeys): DoctorCheck {
  if (keys.subject === DEFAULT_VAPID_SUBJECT)
    return {
      id: "subject",
      title: "VAPID contact meets Apple's rules",
      status: "warn",
      detail: `Still the placeholder ${DEFAULT_VAPID_SUBJECT}: nobody reads that address.`,
      fix: "Set a mailto: address you read (or an https:// page) in Settings → Push keys, so a push service can reach you before it blocks you.",
    };
  const result = validateVapidSubject(keys.subject);
  return result.ok
    ? { id: "subject", title: "VAPID contact meets Apple's rules", status: "pass", detail: keys.subject }
    : {
        id: "subject",
        title: "VAPID contact meets Apple's rules",
        status: "fail",
        detail: result.message,
        fix: "Set a mailto: address at a public domain (or an https:// page) in Settings → Push keys.",
      };
}

export function checkKeyPair(keys: VapidKeys): DoctorCheck {
  return isMatchingVapidPair(keys)
    ? {
        id: "key-pair",
        title: "Stored key pair is a matching P-256 pair",
        status: "pass",
        detail: "The private key derives the public key browsers subscribe with.",
      }
    : {
        id: "key-pair",
        title: "Stored key pair is a matching P-256 pair",
        status: "fail",
        detail: "The private key does not belong to the public key: every push will be refused with 401/403.",
        fix: "Restore the original key pair from a backup, or rotate the keys in Settings (subscribers must then subscribe again).",
      };
}

export async function checkOlderKeys(db: Db, keys: VapidKeys): Promise<DoctorCheck> {
  const { subscriptions } = db.tables;
  const [row] = await db
    .select({ n: count() })
    .from(subscriptions)
    .where(and(eq(subscriptions.status, "active"), ne(subscriptions.vapidPublicKey, keys.publicKey)));
  const stale = row?.n ?? 0;
  return stale === 0
    ? {
        id: "older-keys",
        title: "Subscriptions made with an older key",
        status: "pass",
        detail: "Every active subscription uses the current key.",
      }
    : {
        id: "older-keys",
        title: "Subscriptions made with an older key",
        status: "warn",
        detail: `${stale.toLocaleString("en")} active subscriptions were made with an older key and cannot receive pushes.`,
        fix: "They renew when the visitor returns to the site (the page re-subscribes on a key mismatch). Nothing else can revive them.",
      };
}

export async function checkPayloadDefaults(db: Db): Promise<DoctorCheck> {
  const defaults = await getNotificationDefaults(db);
  // the defaults with a typical title and body: what is left is a campaign's budget
  const measure = measurePayload({
    title: `${defaults.siteName}: ${"x".repeat(60)}`,
    body: "x".repeat(160),
    clickUrl: defaults.defaultUrl.startsWith("/") ? `https://site.example${defaults.defaultUrl}` : defaults.defaultUrl,
    icon: defaults.icon,
    badge: defaults.badge,
  });
  if (measure.tooLarge || defaults.ttl > MAX_TTL_SECONDS) {
    return {
      id: "payload",
      title: "Notification defaults fit every push service",
      status: "fail",
      detail: `A typical notification would be ${measure.bytes} bytes (limit ${PAYLOAD_MAX_BYTES}) with a TTL of ${defaults.ttl} s.`,
      fix: "Shorten the icon, badge and default URL in Settings → Notification defaults.",
    };
  }
  return {
    id: "payload",
    title: "Notification defaults fit every push service",
    status: measure.warning ? "warn" : "pass",
    detail: `A typical notification is ${measure.bytes} of ${PAYLOAD_MAX_BYTES} bytes; TTL ${defaults.ttl} s, urgency ${defaults.urgency}.`,
  };
}

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Browsers offer push on https pages and on http://localhost only. Plain http on this machine is
 * fine for development; plain http anywhere else is broken; no PUBLIC_URL means we cannot tell.
 */
export function checkHttps(nodeEnv: string, publicUrl: string | undefined): DoctorCheck {
  const title = "Site served over https";
  if (publicUrl?.startsWith("https://")) return { id: "https", title, status: "pass", detail: publicUrl };
  const local = publicUrl !== undefined && LOOPBACK_HOST.test(new URL(publicUrl).hostname);
  if (local || (publicUrl === undefined && nodeEnv !== "production"))
    return {
      id: "https",
      title,
      status: "warn",
      detail: "Fine for development on this machine: browsers allow push on http://localhost. A real site needs https.",
      fix: "Set PUBLIC_URL=https://your.domain before going live.",
    };
  if (publicUrl === undefined)
    return {
      id: "https",
      title,
      status: "warn",
      detail:
        "PUBLIC_URL is not set, so the doctor cannot tell how visitors reach the site. On http://localhost that is fine for trying it out; anywhere else browsers offer push only on https pages.",
      fix: "Serve the site over https and set PUBLIC_URL=https://your.domain.",
    };
  return {
    id: "https",
    title,
    status: "fail",
    detail: `PUBLIC_URL is ${publicUrl}`,
    fix: "Browsers only offer push on https pages. Serve the site over https and set PUBLIC_URL=https://your.domain.",
  };
}

async function reachable(input: DoctorInput, path: string, expectType: RegExp): Promise<string | null> {
  try {
    const response = await input.fetch(new URL(path, input.origin), {
      signal: AbortSignal.timeout(input.timeoutMs ?? 3_000),
      redirect: "manual",
      cache: "no-store",
    });
    if (response.status !== 200) return `answered ${response.status}`;
    const type = response.headers.get("content-type") ?? "";
    await response.body?.cancel();
    return expectType.test(type) ? null : `served as "${type || "no content type"}"`;
  } catch (error) {
    return error instanceof Error && error.name === "TimeoutError" ? "did not answer in time" : "could not be reached";
  }
}

export async function checkAssets(input: DoctorInput): Promise<DoctorCheck[]> {
  const [manifest, worker] = await Promise.all([
    reachable(input, "/manifest.webmanifest", /json|manifest/),
    reachable(input, "/sw.js", /javascript/),
  ]);
  return [
    manifest
      ? {
          id: "manifest",
          title: "Web app manifest reachable",
          status: "fail",
          detail: `/manifest.webmanifest ${manifest}.`,
          fix: "iOS only offers push to sites added to the Home Screen, which needs the manifest.",
        }
      : { id: "manifest", title: "Web app manifest reachable", status: "pass", detail: "/manifest.webmanifest" },
    worker
      ? {
          id: "service-worker",
          title: "Service worker reachable",
          status: "fail",
          detail: `/sw.js ${worker}.`,
          fix: "Without the service worker no notification can be shown: check that /sw.js is served as JavaScript and not blocked by a proxy.",
        }
      : { id: "service-worker", title: "Service worker reachable", status: "pass", detail: "/sw.js" },
  ];
}

export async function runDoctor(db: Db, input: DoctorInput): Promise<DoctorCheck[]> {
  const [olderKeys, rejections, unanswered, payload, assets] = await Promise.all([
    checkOlderKeys(db, input.keys),
    checkRejections(db, input.recentDeliveries),
    checkUnanswered(db, input.recentDeliveries),
    checkPayloadDefaults(db),
    checkAssets(input),
  ]);
  return [
    checkSubject(input.keys),
    checkKeyPair(input.keys),
    olderKeys,
    ...rejections,
    unanswered,
    payload,
    checkHttps(input.nodeEnv, input.publicUrl),
    ...assets,
  ];
}
