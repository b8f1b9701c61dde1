import type { HTMLAttributes, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "./cn";

/** A table that scrolls sideways on narrow screens instead of overflowing the page. */
export function Table({
  className,
  caption,
  children,
  ...rest
}: HTMLAttributes<HTMLTableElement> & { caption?: string }) {
  return (
    // relative: sr-only text inside (absolutely positioned) stays in the scroller instead of widening the page
    // tabIndex: a table wider than the screen scrolls, and keyboard users must be able to scroll it too
    <div
      className="relative overflow-x-auto"
      tabIndex={caption ? 0 : undefined}
      role={caption ? "region" : undefined}
      aria-label={caption}
    >
      <table className={cn("w-full border-collapse text-left text-sm", className)} {...rest}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        {children}
      </table>
    </div>
  );
}

export function THead(props: HTMLAttributes<HTMLTableSectionElement>) {
  return <thead className="surface-muted text-muted text-xs uppercase tracking-wide" {...props} />;
}

export function TBody(props: HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody className="divide-y divide-[var(--border)]" {...props} />;
}

export function Th({ className, scope = "col", ...rest }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope={scope} className={cn("px-4 py-2.5 font-medium", className)} {...rest} />;
}

export function Td({ className, ...rest }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn("px-4 py-3 align-middle", className)} {...rest} />;
}
