import Link from "next/link";
import type { ReactNode } from "react";
import type { UserDto } from "@/lib/users/dto";
import { ToastProvider } from "@/components/ui/toast";
import { AdminNav } from "./admin-nav";
import { MobileMenu } from "./mobile-menu";
import { UserBadge } from "./user-badge";

function Brand() {
  return (
    <Link href="/admin" className="flex items-center gap-2 rounded-md text-base font-semibold">
      <span aria-hidden className="bg-brand-600 flex size-7 items-center justify-center rounded-md text-sm text-white">
        P
      </span>
      Pushboard
    </Link>
  );
}

/** The signed-in frame: skip link, header, navigation and the main landmark. */
export function AdminShell({ user, children }: { user: UserDto; children: ReactNode }) {
  return (
    <ToastProvider>
      <a
        href="#main"
        className="surface sr-only z-50 rounded-md px-4 py-2 font-medium shadow focus:not-sr-only focus:fixed focus:top-3 focus:left-3"
      >
        Skip to content
      </a>
      <div className="lg:grid lg:min-h-dvh lg:grid-cols-[15rem_minmax(0,1fr)]">
        <header className="surface sticky top-0 z-30 flex h-14 items-center justify-between border-b border-subtle px-4 lg:hidden">
          <Brand />
          <MobileMenu user={user} />
        </header>
        <aside className="surface sticky top-0 hidden h-dvh flex-col justify-between border-r border-subtle p-4 lg:flex">
          <div className="space-y-6">
            <Brand />
            <nav aria-label="Main">
              <AdminNav role={user.role} />
            </nav>
          </div>
          <UserBadge user={user} />
        </aside>
        <main
          id="main"
          tabIndex={-1}
          className="mx-auto w-full min-w-0 max-w-6xl px-4 py-6 outline-none sm:px-6 lg:px-10 lg:py-10"
        >
          {children}
        </main>
      </div>
    </ToastProvider>
  );
}
