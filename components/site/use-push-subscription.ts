"use client";
// The opt-in state machine: every state the visitor can be in, and the steps between them.
import { useCallback, useEffect, useRef, useState } from "react";
import {
  ApiError,
  SubscribeTimeout,
  deleteSubscription,
  detectSupport,
  lookupSubscription,
  madeWithKey,
  pageIdentity,
  proofOf,
  registerWorker,
  saveSubscription,
  subscribeWithTimeout,
  tellWorker,
  trackOptin,
  SUBSCRIBE_TIMEOUT_MS,
} from "./push-client";

export type PushView =
  | { kind: "checking" }
  | { kind: "unsupported"; needsHomeScreen: boolean }
  | { kind: "idle"; notice?: { title: string; text: string } }
  | { kind: "subscribing" }
  | { kind: "subscribed"; topics: string[]; subscription: PushSubscription }
  | { kind: "denied" }
  | { kind: "error"; message: string };

const SEEN_KEY = "pushboard:prompt-seen";

function messageOf(error: unknown): string {
  if (error instanceof SubscribeTimeout) {
    return `Your browser did not finish subscribing within ${SUBSCRIBE_TIMEOUT_MS / 1000} seconds. This usually means you are offline or the browser cannot reach its push service. Check your connection and try again.`;
  }
  if (error instanceof ApiError) return error.message;
  if (error instanceof DOMException && error.name === "NotAllowedError") {
    return "The browser refused to subscribe: notifications are not allowed for this site.";
  }
  if (error instanceof DOMException && error.name === "AbortError") {
    return "The browser could not create a push subscription (it may be in private mode, or its push service is unavailable).";
  }
  return "Something went wrong while turning notifications on. Please try again.";
}

export function usePushSubscription(vapidPublicKey: string) {
  const [view, setView] = useState<PushView>({ kind: "checking" });
  const registration = useRef<ServiceWorkerRegistration | null>(null);
  const subscription = useRef<PushSubscription | null>(null);

  const showIdle = useCallback((notice?: { title: string; text: string }) => {
    setView({ kind: "idle", notice });
    if (!sessionStorage.getItem(SEEN_KEY)) {
      sessionStorage.setItem(SEEN_KEY, "1");
      trackOptin("prompt_seen");
    }
  }, []);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const support = detectSupport();
      if (!support.supported) return setView({ kind: "unsupported", needsHomeScreen: support.needsHomeScreen });
      const reg = await registerWorker();
      registration.current = reg;
      if (Notification.permission === "denied") return setView({ kind: "denied" });
      let current = await reg.pushManager.getSubscription();
      if (current && !madeWithKey(current, vapidPublicKey)) {
        // The server's key changed (rotation): quietly move to a subscription made with the new one.
        const old = proofOf(current);
        await current.unsubscribe().catch(() => false);
        current = await subscribeWithTimeout(reg, vapidPublicKey);
        await saveSubscription(current, vapidPublicKey, undefined, old);
      }
      if (!current) return showIdle();
      const found = await lookupSubscription(proofOf(current)).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      });
      if (cancelled) return;
      if (!found) {
        // The site no longer knows this subscription (unsubscribed elsewhere): start over.
        await current.unsubscribe().catch(() => false);
        return showIdle();
      }
      subscription.current = current;
      tellWorker(reg, { type: "pushboard:subscription", ...proofOf(current) });
      setView({ kind: "subscribed", topics: found.subscription.topics, subscription: current });
    })().catch((error: unknown) => {
      if (!cancelled) setView({ kind: "error", message: messageOf(error) });
    });
    return () => {
      cancelled = true;
    };
  }, [vapidPublicKey, showIdle]);

  const subscribe = useCallback(
    async (topics: string[]) => {
      trackOptin("optin_clicked");
      try {
        const permission = await Notification.requestPermission();
        if (permission === "denied") {
          trackOptin("denied");
          return setView({ kind: "denied" });
        }
        if (permission !== "granted") {
          return setView({
            kind: "idle",
            notice: {
              title: "No answer yet",
              text: "You closed the browser's question without answering. Press the button again whenever you like.",
            },
          });
        }
        trackOptin("granted");
        setView({ kind: "subscribing" });
        const reg = registration.current ?? (await registerWorker());
        registration.current = reg;
        const created = await subscribeWithTimeout(reg, vapidPublicKey);
        try {
          const saved = await saveSubscription(created, vapidPublicKey, topics, undefined, pageIdentity());
          subscription.current = created;
          tellWorker(reg, { type: "pushboard:subscription", ...proofOf(created) });
          setView({ kind: "subscribed", topics: saved.subscription.topics, subscription: created });
        } catch (error) {
          await created.unsubscribe().catch(() => false); // the site refused it: do not leave it dangling
          throw error;
        }
      } catch (error) {
        setView({ kind: "error", message: messageOf(error) });
      }
    },
    [vapidPublicKey],
  );

  const unsubscribe = useCallback(async () => {
    const current = subscription.current;
    if (!current) return showIdle();
    await deleteSubscription(proofOf(current));
    await current.unsubscribe().catch(() => false);
    if (registration.current) tellWorker(registration.current, { type: "pushboard:forget" });
    subscription.current = null;
    trackOptin("unsubscribed");
    showIdle({
      title: "Notifications are off",
      text: "You will not hear from us on this device unless you turn them on again.",
    });
  }, [showIdle]);

  return { view, subscribe, unsubscribe, retry: () => showIdle() };
}
