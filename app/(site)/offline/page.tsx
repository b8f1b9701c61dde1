import type { Metadata } from "next";
import { SiteHeader } from "@/components/site/site-header";
import { ReloadButton } from "@/components/site/reload-button";

export const metadata: Metadata = { title: "Offline" };

// The service worker caches it and shows it when a page cannot load. Rendered per request, not at build
// time: Next puts the CSP nonce on the page's scripts only then (the cached copy keeps its own header).
export const dynamic = "force-dynamic";

export default function OfflinePage() {
  return (
    <>
      <SiteHeader />
      <main className="mx-auto flex w-full max-w-md flex-1 flex-col items-center justify-center gap-4 px-6 py-16 text-center">
        <svg
          aria-hidden
          viewBox="0 0 24 24"
          className="text-muted size-14"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
        >
          <path
            strokeLinecap="round"
            d="M3 3l18 18M8.5 16.5a5 5 0 0 1 7 0M5 13a10 10 0 0 1 5-2.7M19 13a10 10 0 0 0-2.2-1.6M2 9.5a15 15 0 0 1 4.3-2.7M22 9.5A15 15 0 0 0 10.7 5.1"
          />
          <circle cx="12" cy="20" r="1" fill="currentColor" />
        </svg>
        <h1 className="text-2xl font-semibold">You are offline</h1>
        <p className="text-muted">
          This page needs a connection. Notifications you already turned on keep working: they will arrive once your
          device is back online.
        </p>
        <ReloadButton />
      </main>
    </>
  );
}
