import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/admin/page-header";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { requirePageUser } from "@/lib/auth/require-user";
import { ImportForm } from "./_components/import-form";

export const metadata: Metadata = { title: "Import and export subscriptions" };

export default async function TransferPage() {
  await requirePageUser("owner");
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/subscribers" className="text-muted hover:underline">
          ← Subscribers
        </Link>
      </p>
      <PageHeader
        title="Import and export subscriptions"
        description="Move subscriptions between Pushboard and other push tools, with their keys."
      />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Export with keys" />
          <CardBody className="space-y-3">
            <p
              role="note"
              className="rounded-md border border-amber-500/50 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-500/10 dark:text-amber-200"
            >
              This file holds every active subscription&apos;s full endpoint and keys. Anyone holding it — together with
              your VAPID private key — can send notifications to all your subscribers. Store it encrypted and delete it
              when done. Each export is recorded in the audit log.
            </p>
            <div className="flex gap-2">
              <a href="/api/admin/subscriptions-export?format=json" className={buttonClasses("secondary")} download>
                Download JSON
              </a>
              <a href="/api/admin/subscriptions-export?format=csv" className={buttonClasses("secondary")} download>
                Download CSV
              </a>
            </div>
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Import"
            description='A JSON array of PushSubscription objects ({ "endpoint", "keys": { "p256dh", "auth" }, "topics": [...] }) or a CSV with the columns endpoint, p256dh, auth and optionally topics (slugs separated by ";"). Each row is checked on its own; the report lists what was refused and why.'
          />
          <CardBody className="space-y-3">
            <p className="text-muted text-sm">
              Imported subscriptions only receive notifications if they were made with this Pushboard&apos;s VAPID
              public key (shown in Settings).
            </p>
            <ImportForm />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
