"use client";

import { useState } from "react";
import { PAYLOAD_MAX_BYTES, PAYLOAD_WARN_BYTES } from "@/lib/push/payload";
import type { ComposerValues } from "./composer-values";

type Platform = "desktop" | "android";

// Only http(s) or site paths are shown; anything else would not load in a notification either.
function shownUrl(value: string): string | undefined {
  const v = value.trim();
  if (/^https?:\/\/[^\s]+$/i.test(v) || /^\/(?!\/)\S*$/.test(v)) return v;
  return undefined;
}

function hostOf(url: string, fallback: string): string {
  try {
    return new URL(url).host;
  } catch {
    return fallback;
  }
}

/** What each platform drops, so the admin knows the preview is a best case, and what a click does not show. */
export function droppedFields(v: ComposerValues): string[] {
  const notes: string[] = [];
  v.actions.forEach((a, i) => {
    if (!a.url.trim())
      notes.push(`“${a.title.trim() || `Button ${i + 1}`}” has no URL: it only closes the notification.`);
  });
  if (v.image.trim()) notes.push("The image is not shown on macOS (any browser) or in Safari.");
  if (v.actions.length > 0) notes.push("Action buttons are not shown by Safari or Firefox on the desktop.");
  if (v.badge.trim()) notes.push("The badge appears only on Android's status bar.");
  if (v.requireInteraction) notes.push("Require interaction is ignored on Android and macOS.");
  if (v.appBadge.trim())
    notes.push("The app badge count needs an installed app (iOS/iPadOS, Chrome and Edge on desktop).");
  return notes;
}

export function NotificationPreview({ values, origin }: { values: ComposerValues; origin: string }) {
  const [platform, setPlatform] = useState<Platform>("desktop");
  const icon = shownUrl(values.icon);
  const image = shownUrl(values.image);
  const site = hostOf(values.url.trim() || origin, hostOf(origin, "your site"));
  const title = values.title.trim() || "Title";
  const body = values.body.trim();
  const notes = droppedFields(values);
  return (
    <div className="space-y-3">
      <div
        role="tablist"
        aria-label="Preview platform"
        className="surface-muted inline-flex rounded-md border border-subtle p-0.5 text-sm"
      >
        {(["desktop", "android"] as const).map((p) => (
          <button
            key={p}
            type="button"
            role="tab"
            aria-selected={platform === p}
            onClick={() => setPlatform(p)}
            className={`rounded px-3 py-1 ${platform === p ? "surface font-medium shadow-xs" : "text-muted"}`}
          >
            {p === "desktop" ? "Desktop browser" : "Android"}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={`${platform} preview`} data-testid={`preview-${platform}`}>
        {platform === "desktop" ? (
          <div className="w-full max-w-sm overflow-hidden rounded-lg border border-subtle bg-white text-neutral-900 shadow-lg dark:bg-neutral-800 dark:text-neutral-100">
            {image ? <Img src={image} className="aspect-[2/1] w-full object-cover" /> : null}
            <div className="flex gap-3 p-3">
              {icon ? (
                <Img src={icon} className="size-10 shrink-0 rounded" />
              ) : (
                <span aria-hidden className="size-10 shrink-0 rounded bg-neutral-200 dark:bg-neutral-700" />
              )}
              <div className="min-w-0">
                <p className="truncate text-sm font-semibold">{title}</p>
                {body ? <p className="line-clamp-3 text-sm text-neutral-700 dark:text-neutral-300">{body}</p> : null}
                <p className="mt-1 text-xs text-neutral-600 dark:text-neutral-400">{site}</p>
              </div>
            </div>
            {values.actions.length > 0 ? (
              <div
                data-testid="preview-actions"
                className={`grid ${values.actions.length === 1 ? "grid-cols-1" : "grid-cols-2"} gap-px border-t border-neutral-200 bg-neutral-200 dark:border-neutral-700 dark:bg-neutral-700`}
              >
                {values.actions.map((a, i) => (
                  <span
                    key={i}
                    title={a.url.trim() ? a.url.trim() : "Closes the notification"}
                    className="bg-white px-3 py-2 text-center text-sm dark:bg-neutral-800"
                  >
                    {a.title || `Button ${i + 1}`}
                  </span>
                ))}
              </div>
            ) : null}
          </div>
        ) : (
          <div className="w-full max-w-sm rounded-2xl bg-neutral-100 p-3 text-neutral-900 shadow-inner dark:bg-neutral-900 dark:text-neutral-100">
            <div className="rounded-xl bg-white p-3 shadow dark:bg-neutral-800">
              <p className="flex items-center gap-1.5 text-xs text-neutral-600 dark:text-neutral-400">
                <span aria-hidden className="size-3 rounded-full bg-brand-600" /> Chrome · {site} · now
              </p>
              <div className="mt-1 flex gap-3">
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm font-semibold">{title}</p>
                  {body ? <p className="line-clamp-2 text-sm text-neutral-700 dark:text-neutral-300">{body}</p> : null}
                </div>
                {icon ? <Img src={icon} className="size-10 shrink-0 rounded-full" /> : null}
              </div>
              {image ? <Img src={image} className="mt-2 aspect-[2/1] w-full rounded-lg object-cover" /> : null}
              {values.actions.length > 0 ? (
                <div className="mt-2 flex gap-4 text-sm font-medium text-brand-700 dark:text-brand-100">
                  {values.actions.map((a, i) => (
                    <span key={i}>{(a.title || `Button ${i + 1}`).toUpperCase()}</span>
                  ))}
                </div>
              ) : null}
            </div>
          </div>
        )}
      </div>
      {notes.length > 0 ? (
        <ul className="text-muted list-disc space-y-1 pl-5 text-xs">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function Img({ src, className }: { src: string; className: string }) {
  // Notification images come from anywhere the admin points to; next/image would need every host configured.
  // eslint-disable-next-line @next/next/no-img-element
  return <img src={src} alt="" className={className} />;
}

export function ByteMeter({ bytes }: { bytes: number }) {
  const over = bytes > PAYLOAD_MAX_BYTES;
  const warn = !over && bytes > PAYLOAD_WARN_BYTES;
  return (
    <div className="space-y-1" data-testid="byte-meter">
      <div className="flex justify-between text-sm">
        <label htmlFor="c-bytes" className="font-medium">
          Message size
        </label>
        <span
          className={
            over
              ? "font-semibold text-red-700 dark:text-red-400"
              : warn
                ? "text-amber-800 dark:text-amber-300"
                : "text-muted"
          }
        >
          {bytes.toLocaleString("en")} / {PAYLOAD_MAX_BYTES.toLocaleString("en")} bytes
        </span>
      </div>
      <meter
        id="c-bytes"
        className="h-2 w-full"
        min={0}
        max={PAYLOAD_MAX_BYTES}
        low={PAYLOAD_WARN_BYTES}
        high={PAYLOAD_WARN_BYTES + 1}
        optimum={0}
        value={Math.min(bytes, PAYLOAD_MAX_BYTES)}
      />
      {over ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Over the Web Push limit by {(bytes - PAYLOAD_MAX_BYTES).toLocaleString("en")} bytes: shorten the text or the
          URLs. Sending is blocked.
        </p>
      ) : warn ? (
        <p className="text-sm text-amber-800 dark:text-amber-300">
          Past {PAYLOAD_WARN_BYTES.toLocaleString("en")} bytes Firefox for Android refuses the message.
        </p>
      ) : null}
    </div>
  );
}
