import type { ReactNode } from "react";

/** What a list shows before it has anything: what will appear here and, when possible, how to start. */
export function EmptyState({
  title,
  description,
  action,
  icon,
}: {
  title: string;
  description: ReactNode;
  action?: ReactNode;
  icon?: ReactNode;
}) {
  return (
    <div className="flex flex-col items-center justify-center gap-3 px-6 py-14 text-center">
      {icon ? (
        <div
          aria-hidden
          className="bg-brand-50 text-brand-600 dark:bg-brand-500/15 dark:text-brand-100 flex size-12 items-center justify-center rounded-full"
        >
          {icon}
        </div>
      ) : null}
      <h2 className="text-base font-semibold">{title}</h2>
      <p className="text-muted max-w-md text-sm">{description}</p>
      {action ? <div className="mt-2">{action}</div> : null}
    </div>
  );
}
