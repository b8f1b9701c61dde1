// Browser-side push plumbing for the public site: support checks, the service worker, subscribing with
// a time limit, and the visitor API. No React here, so each step reads as what the browser does.
import type { SubscriptionDto } from "@/lib/subscriptions/schema";
import type { OptinEvent } from "@/lib/db/schema/enums";

export const SUBSCRIBE_TIMEOUT_MS = 15_000;

export type Support = { supported: true } | { supported: false; needsHomeScreen: boolean };

export function isIos(): boolean {
  const ua = navigator.userAgent;
  // iPadOS reports itself as a Mac; touch support gives it away.
  return /iPhone|iPad|iPod/.test(ua) || (/Macintosh/.test(ua) && navigator.maxTouchPoints > 1);
}

export function isStandalone(): boolean {
  return (
    window.matchMedia("(display-mode: standalone)").matches ||
    (navigator as { standalone?: boolean }).standalone === true
  );
}

export function detectSupport(): Support {
  const ok =
    "serviceWorker" in navigator && "PushManager" in window && "Notification" in window && window.isSecureContext;
  if (ok) return { supported: true };
  // iOS Safari only offers Web Push inside a web app added to the Home Screen (iOS 16.4+).
  return { supported: false, needsHomeScreen: isIos() && !isStandalone() };
}

export async function registerWorker(): Promise<ServiceWorkerRegistration> {
  await navigator.serviceWorker.register("/sw.js", { scope: "/", updateViaCache: "none" });
  return navigator.serviceWorker.ready;
}

export function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(value.length / 4) * 4, "=");
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64Url(buffer: ArrayBuffer | null): string {
  if (!buffer) return "";
  let binary = "";
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The subscription's proof of ownership: its endpoint and auth secret. */
export function proofOf(subscription: PushSubscription) {
  return { endpoint: subscription.endpoint, auth: bytesToBase64Url(subscription.getKey("auth")) };
}

/** False only when the browser says which key it used and it is not the server's current one. */
export function madeWithKey(subscription: PushSubscription, publicKey: string): boolean {
  const used = subscription.options?.applicationServerKey;
  if (!used) return true;
  return bytesToBase64Url(used) === publicKey;
}

export class SubscribeTimeout extends Error {}

/** pushManager.subscribe() can wait forever offline, so it gets a deadline. */
export async function subscribeWithTimeout(
  registration: ServiceWorkerRegistration,
  publicKey: string,
  timeoutMs = SUBSCRIBE_TIMEOUT_MS,
) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SubscribeTimeout()), timeoutMs);
  });
  try {
    return await Promise.race([
      registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(publicKey) }),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, method: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "network", "Could not reach the site. Check your connection and try again.");
  }
  if (response.status === 204) return undefined as T;
  const json = (await response.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
  if (!response.ok) {
    throw new ApiError(
      response.status,
      json?.error?.code ?? "error",
      json?.error?.message ?? `The site answered ${response.status}.`,
    );
  }
  return json as T;
}

type Proof = { endpoint: string; auth: string };
type SubscriptionAnswer = { subscription: SubscriptionDto };
/** The site's user id and its back-end's signature of it (identity verification, lib/identity/verify.ts). */
export type SignedIdentity = { externalId: string; externalIdSignature: string };

/**
 * The signed user id a page that knows its visitor puts in its head, or null:
 * <meta name="pushboard-external-id" content="…"> and <meta name="pushboard-external-id-signature" content="…">.
 */
export function pageIdentity(doc: Pick<Document, "querySelector"> = document): SignedIdentity | null {
  const read = (name: string) => doc.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content;
  const externalId = read("pushboard-external-id");
  const externalIdSignature = read("pushboard-external-id-signature");
  return externalId && externalIdSignature ? { externalId, externalIdSignature } : null;
}

export function saveSubscription(
  subscription: PushSubscription,
  publicKey: string,
  topics: string[] | undefined,
  old?: Proof,
  identity?: SignedIdentity | null,
) {
  return call<SubscriptionAnswer>("/api/subscriptions", "POST", {
    ...subscription.toJSON(),
    topics,
    language: navigator.language || undefined,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || undefined,
    vapidPublicKey: publicKey,
    ...(old ? { oldEndpoint: old.endpoint, oldAuth: old.auth } : {}),
    ...(identity ?? {}),
  });
}

export const lookupSubscription = (proof: Proof) =>
  call<SubscriptionAnswer>("/api/subscriptions/lookup", "POST", proof);
export const updateTopics = (proof: Proof, topics: string[]) =>
  call<SubscriptionAnswer>("/api/subscriptions", "PATCH", { ...proof, topics });
export const deleteSubscription = (proof: Proof) => call<void>("/api/subscriptions", "DELETE", proof);
export const sendTest = (proof: Proof) =>
  call<{ delivered: boolean; message: string }>("/api/subscriptions/test", "POST", proof);

/** Counts a funnel step; never in the visitor's way if it fails. */
export function trackOptin(event: OptinEvent): void {
  void fetch("/api/optin-events", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ event }),
    keepalive: true,
  }).catch(() => {});
}

/** Lets the worker prove the subscription later (pushsubscriptionchange), or forget it. */
export function tellWorker(
  registration: ServiceWorkerRegistration,
  message: { type: "pushboard:subscription"; endpoint: string; auth: string } | { type: "pushboard:forget" },
) {
  (registration.active ?? registration.waiting ?? registration.installing)?.postMessage(message);
}
