/** Shown while the server reads the campaign figures. */
export default function Loading() {
  return (
    <div role="status" aria-live="polite" className="space-y-4">
      <span className="sr-only">Loading…</span>
      <div className="h-8 w-56 animate-pulse rounded bg-black/5 dark:bg-white/10" />
      <div className="h-28 animate-pulse rounded-lg bg-black/5 dark:bg-white/10" />
      <div className="h-64 animate-pulse rounded-lg bg-black/5 dark:bg-white/10" />
    </div>
  );
}
