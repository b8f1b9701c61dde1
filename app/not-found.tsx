import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";

export const metadata: Metadata = { title: "Page not found" };

export default async function NotFound() {
  // Rendered per request, never prerendered: Next puts the response's CSP nonce on its scripts only then.
  await connection();
  return (
    <main className="mx-auto flex min-h-dvh w-full max-w-md flex-col items-center justify-center gap-3 px-6 py-16 text-center">
      <p className="text-muted text-sm font-medium">404</p>
      <h1 className="text-2xl font-semibold">This page could not be found</h1>
      <p className="text-muted">The address may be mistyped, or the page was removed.</p>
      <Link href="/" className="font-medium text-brand-700 underline underline-offset-4 dark:text-brand-100">
        Go to the home page
      </Link>
    </main>
  );
}
