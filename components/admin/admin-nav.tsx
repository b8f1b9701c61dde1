"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { hasRole } from "@/lib/auth/roles";
import type { UserRole } from "@/lib/db/schema/enums";
import { cn } from "@/components/ui/cn";
import { NAV_ITEMS, isActive } from "./nav-items";

export function AdminNav({ role, onNavigate }: { role: UserRole; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <ul className="flex flex-col gap-0.5">
      {NAV_ITEMS.filter((item) => hasRole(role, item.role)).map((item) => {
        const active = isActive(pathname, item.href);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              onClick={onNavigate}
              aria-current={active ? "page" : undefined}
              className={cn(
                "block rounded-md px-3 py-2 text-sm font-medium transition-colors",
                active
                  ? "bg-brand-50 text-brand-700 dark:bg-brand-500/15 dark:text-brand-100"
                  : "text-muted hover:bg-black/5 hover:text-[var(--text)] dark:hover:bg-white/10",
              )}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
