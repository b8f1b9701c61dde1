// The contracts between the parts of the sending path. Framework-free; safe to import anywhere.
import type { Urgency } from "@/lib/db/schema/enums";

/** What we need to send to one browser: its push endpoint and its RFC 8291 keys (base64url). */
export type PushTarget = { endpoint: string; p256dh: string; auth: string };

/** One Web Push message: the plaintext (≤ 3993 bytes) and its RFC 8030 delivery options. */
export type PushMessage = {
  payload: string;
  ttl: number; // seconds, 0…2,419,200
  urgency?: Urgency;
  topic?: string; // ≤ 32 base64url chars, length % 4 !== 1
};

/** How one request ended, already mapped to what the delivery queue must do (see web-push.md). */
export type PushOutcome =
  | { kind: "accepted"; statusCode: number; ttl?: number }
  | { kind: "expired"; statusCode: 404 | 410 }
  // 429/503 (retryAfterMs from Retry-After, originThrottled), other 5xx, timeouts, resets
  | { kind: "retry"; statusCode?: number; retryAfterMs?: number; originThrottled: boolean; error: string }
  // 400/401/403/413, redirects, endpoint refused by policy or DNS guard; authProblem for 401/403
  | { kind: "failed"; statusCode?: number; authProblem: boolean; error: string };

export interface PushSender {
  send(target: PushTarget, message: PushMessage): Promise<PushOutcome>;
  close(): Promise<void>;
}

/**
 * The JSON every Pushboard push carries: Declarative Web Push (Safari 18.4+ shows it without the
 * service worker) plus our extras in `notification.data.pushboard`, which our service worker reads.
 */
export type PushPayload = {
  web_push: 8030;
  mutable: true; // lets Safari run our service worker, which adds image, badge, actions and receipts
  app_badge?: string;
  notification: {
    title: string;
    body?: string;
    navigate: string; // absolute URL
    lang?: string;
    dir?: "auto" | "ltr" | "rtl";
    tag?: string;
    silent?: boolean;
    data: {
      pushboard: {
        campaignId?: number;
        receiptToken?: string; // absent for test pushes, which report nothing
        icon?: string;
        image?: string;
        badge?: string;
        actions?: { action: string; title: string; navigate?: string }[]; // no navigate: the button just closes
        requireInteraction?: boolean;
        renotify?: boolean;
        timestamp?: number; // ms
      };
      /** The site's own JSON, sent through the API; the service worker hands it on as notification.data.app. */
      app?: Record<string, unknown>;
    };
  };
};
