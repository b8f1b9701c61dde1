"use client";
import { useEffect, useState } from "react";

type PushMessage = { id: number; title: string; body: string; url: string };

/** Shows, inside the open page, each push the service worker receives (it posts them to open pages). */
export function PushMessages() {
  const [messages, setMessages] = useState<PushMessage[]>([]);

  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    let next = 0;
    const onMessage = (event: MessageEvent) => {
      const data = event.data as { type?: string; title?: unknown; body?: unknown; url?: unknown } | null;
      if (data?.type !== "pushboard:push") return;
      const message = {
        id: ++next,
        title: String(data.title ?? ""),
        body: String(data.body ?? ""),
        url: String(data.url ?? "/"),
      };
      setMessages((current) => [message, ...current].slice(0, 3));
    };
    navigator.serviceWorker.addEventListener("message", onMessage);
    return () => navigator.serviceWorker.removeEventListener("message", onMessage);
  }, []);

  if (messages.length === 0) return null;
  return (
    <section
      aria-label="New notifications"
      aria-live="polite"
      className="fixed inset-x-3 bottom-3 z-10 mx-auto max-w-md space-y-2"
    >
      {messages.map((m) => (
        <div
          key={m.id}
          data-testid="push-message"
          className="surface border-subtle flex items-start gap-3 rounded-xl border p-4 shadow-lg"
        >
          <div className="min-w-0 flex-1">
            <p className="font-semibold">{m.title}</p>
            {m.body && <p className="text-muted text-sm">{m.body}</p>}
            <a
              href={m.url}
              className="mt-1 inline-block text-sm font-medium text-brand-600 underline dark:text-brand-100"
            >
              Open
            </a>
          </div>
          <button
            type="button"
            aria-label="Dismiss"
            className="text-muted -m-1 rounded p-1 hover:bg-[var(--surface-muted)]"
            onClick={() => setMessages((current) => current.filter((x) => x.id !== m.id))}
          >
            ✕
          </button>
        </div>
      ))}
    </section>
  );
}
