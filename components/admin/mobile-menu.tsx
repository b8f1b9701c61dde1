"use client";

import { useEffect, useId, useState } from "react";
import type { UserDto } from "@/lib/users/dto";
import { Button } from "@/components/ui/button";
import { AdminNav } from "./admin-nav";
import { SignOutButton } from "./sign-out-button";

/** Phone widths: the navigation and the account fold into a panel under the header. */
export function MobileMenu({ user }: { user: UserDto }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && setOpen(false);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);

  return (
    <>
      <Button
        variant="ghost"
        size="sm"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
      >
        <svg aria-hidden viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.8">
          {open ? <path d="M5 5l10 10M15 5L5 15" /> : <path d="M3 6h14M3 10h14M3 14h14" />}
        </svg>
        Menu
      </Button>
      <div
        id={panelId}
        hidden={!open}
        className="surface absolute inset-x-0 top-14 border-b border-subtle p-4 shadow-lg"
      >
        <nav aria-label="Main">
          <AdminNav role={user.role} onNavigate={() => setOpen(false)} />
        </nav>
        <div className="mt-4 border-t border-subtle pt-4">
          <p className="truncate text-sm font-medium">{user.name ?? user.email}</p>
          <p className="text-muted mb-3 truncate text-xs">{user.email}</p>
          <SignOutButton />
        </div>
      </div>
    </>
  );
}
