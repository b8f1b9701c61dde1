import type { InputHTMLAttributes } from "react";
import { cn } from "./cn";

export const controlClasses =
  "surface block w-full rounded-md border border-subtle px-3 py-2 text-sm shadow-xs placeholder:text-[var(--text-muted)] focus-visible:border-brand-500 aria-[invalid=true]:border-red-500 disabled:opacity-60";

export function Input({ className, ...rest }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={cn(controlClasses, "h-10", className)} {...rest} />;
}
