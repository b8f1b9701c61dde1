import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/admin/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { env } from "@/lib/env.mjs";
import { requirePageUser } from "@/lib/auth/require-user";
import { runDoctor, type CheckStatus } from "@/lib/doctor/checks";
import { getServerContext } from "@/lib/server-context";

export const metadata: Metadata = { title: "Push doctor" };
export const dynamic = "force-dynamic";

const TONE: Record<CheckStatus, "success" | "warning" | "danger"> = {
  pass: "success",
  warn: "warning",
  fail: "danger",
};
const LABEL: Record<CheckStatus, string> = { pass: "OK", warn: "Check", fail: "Broken" };

/**
 * Where the doctor fetches the site's manifest and service worker: the configured public address, else
 * this server itself. Never a request header: a viewer could aim the fetch at any port of the machine
 * and read back the status code.
 */
function ownOrigin(): string {
  return env.PUBLIC_URL ? new URL(env.PUBLIC_URL).origin : `http://127.0.0.1:${env.PORT}`;
}

export default async function DoctorPage() {
  await requirePageUser("viewer");
  const { appDb, vapidKeys } = getServerContext();
  const vapid = await vapidKeys();
  const checks = await runDoctor(appDb, {
    keys: vapid,
    nodeEnv: env.NODE_ENV,
    publicUrl: env.PUBLIC_URL,
    origin: ownOrigin(),
    fetch,
    timeoutMs: 3_000,
  });
  const broken = checks.filter((c) => c.status === "fail").length;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/settings" className="text-muted hover:underline">
          ← Settings
        </Link>
      </p>
      <PageHeader
        title="Push doctor"
        description={
          broken
            ? `${broken} ${broken === 1 ? "problem needs" : "problems need"} fixing before push works reliably.`
            : "What silently breaks Web Push, checked now."
        }
      />
      <Card>
        <ul className="divide-y divide-[var(--border)]" aria-label="Checks">
          {checks.map((check) => (
            <li key={check.id} className="flex gap-3 px-5 py-4">
              <Badge tone={TONE[check.status]} className="h-fit shrink-0">
                {LABEL[check.status]}
              </Badge>
              <div className="min-w-0">
                <p className="font-medium">{check.title}</p>
                <p className="text-muted text-sm break-words">{check.detail}</p>
                {check.fix && check.status !== "pass" ? <p className="mt-1 text-sm">How to fix: {check.fix}</p> : null}
              </div>
            </li>
          ))}
        </ul>
      </Card>
    </>
  );
}
