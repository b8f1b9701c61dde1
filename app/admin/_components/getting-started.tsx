import Link from "next/link";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import type { ChecklistStep } from "@/lib/onboarding/checklist";

/** The overview's first-hour checklist; it disappears once every step is done. */
export function GettingStarted({ steps }: { steps: ChecklistStep[] }) {
  const done = steps.filter((step) => step.done).length;
  return (
    <Card>
      <CardHeader
        title="Getting started"
        description={`${done} of ${steps.length} done. Each step links to where it is done.`}
      />
      <CardBody>
        <ol className="grid gap-3" aria-label="Getting started">
          {steps.map((step) => (
            <li key={step.id} className="flex gap-3" data-testid={`step-${step.id}`} data-done={step.done}>
              <span
                aria-hidden
                className={
                  step.done
                    ? "mt-0.5 flex size-5 shrink-0 items-center justify-center rounded-full bg-emerald-600 text-xs text-white"
                    : "mt-0.5 size-5 shrink-0 rounded-full border-2 border-[var(--border)]"
                }
              >
                {step.done ? "✓" : null}
              </span>
              <div>
                <p className={step.done ? "text-muted line-through" : "font-medium"}>
                  {step.id === "device" ? (
                    <a
                      href={step.href}
                      target="_blank"
                      rel="noreferrer"
                      className="text-brand-700 hover:underline dark:text-brand-100"
                    >
                      {step.title}
                    </a>
                  ) : (
                    <Link href={step.href} className="text-brand-700 hover:underline dark:text-brand-100">
                      {step.title}
                    </Link>
                  )}
                  <span className="sr-only">{step.done ? " (done)" : " (to do)"}</span>
                </p>
                <p className="text-muted text-sm">{step.hint}</p>
              </div>
            </li>
          ))}
        </ol>
      </CardBody>
    </Card>
  );
}
