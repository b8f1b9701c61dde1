import type { SelectHTMLAttributes } from "react";
import { cn } from "./cn";
import { controlClasses } from "./input";

export type SelectOption = { value: string; label: string; disabled?: boolean };

export function Select({
  options,
  className,
  ...rest
}: SelectHTMLAttributes<HTMLSelectElement> & { options: SelectOption[] }) {
  return (
    <select className={cn(controlClasses, "h-10 pr-8", className)} {...rest}>
      {options.map((option) => (
        <option key={option.value} value={option.value} disabled={option.disabled}>
          {option.label}
        </option>
      ))}
    </select>
  );
}
