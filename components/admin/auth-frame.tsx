import type { ReactNode } from "react";

/** The centred frame of the pages a visitor sees before signing in. */
export function AuthFrame({
  title,
  description,
  children,
}: {
  title: string;
  description: ReactNode;
  children: ReactNode;
}) {
  return (
    <main id="main" className="flex min-h-dvh items-center justify-center px-4 py-10">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center gap-2 text-lg font-semibold">
          <span aria-hidden className="bg-brand-600 flex size-8 items-center justify-center rounded-md text-white">
            P
          </span>
          Pushboard
        </div>
        <div className="surface rounded-lg border border-subtle p-6 shadow-sm">
          <h1 className="text-xl font-semibold">{title}</h1>
          <p className="text-muted mt-1 text-sm">{description}</p>
          <div className="mt-6">{children}</div>
        </div>
      </div>
    </main>
  );
}
