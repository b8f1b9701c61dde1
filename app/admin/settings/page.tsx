import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/admin/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { env } from "@/lib/env.mjs";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/require-user";
import { getServerContext } from "@/lib/server-context";
import { readSetting } from "@/lib/settings/store";
import { SETTING_KEYS, extraPushHostsSchema } from "@/lib/settings/keys";
import { getNotificationDefaults } from "@/lib/settings/notification-defaults";
import { getVapidOverview } from "@/lib/settings/vapid-rotation";
import { formatTime } from "@/components/admin/format-time";
import { NotificationDefaultsForm, PushHostsForm } from "./_components/settings-forms";
import { RotateKeys, SubjectForm } from "./_components/vapid-forms";
import { IdentitySecret } from "./_components/identity-forms";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requirePageUser("viewer");
  const canEdit = hasRole(user.role, "owner");
  const { appDb } = getServerContext();
  const [vapid, storedHosts, defaults] = await Promise.all([
    getVapidOverview(appDb),
    readSetting(appDb, SETTING_KEYS.extraPushHosts, extraPushHostsSchema).then((hosts) => hosts ?? []),
    getNotificationDefaults(appDb),
  ]);
  return (
    <>
      <PageHeader
        title="Settings"
        description={
          canEdit
            ? "Push keys, notification defaults and the push services you allow."
            : "Only owners can change settings; you can read them."
        }
        actions={
          <div className="flex flex-wrap gap-4">
            {canEdit ? (
              <Link
                href="/admin/settings/api-keys"
                className="text-brand-700 dark:text-brand-100 text-sm font-medium hover:underline"
              >
                API keys →
              </Link>
            ) : null}
            <Link
              href="/admin/settings/doctor"
              className="text-brand-700 dark:text-brand-100 text-sm font-medium hover:underline"
            >
              Run the push doctor →
            </Link>
          </div>
        }
      />
      <div className="space-y-6">
        <Card>
          <CardHeader
            title="Push keys (VAPID)"
            description="Browsers subscribe with the public key; push services check every message against it."
          />
          <CardBody className="space-y-5">
            <div>
              <p className="text-sm font-medium">Public key</p>
              <p
                className="surface-muted mt-1 rounded-md border border-subtle px-3 py-2 font-mono text-xs break-all"
                data-testid="vapid-public-key"
              >
                {vapid.publicKey}
              </p>
              <p className="text-muted mt-1 text-xs">
                Created {formatTime(vapid.createdAt)} UTC. The private key never leaves the server.
              </p>
            </div>
            <SubjectForm subject={vapid.subject} canEdit={canEdit} />
            {canEdit ? (
              <div className="border-t border-subtle pt-4">
                <p className="mb-2 text-sm font-medium">Rotate the key pair</p>
                <p className="text-muted mb-3 text-sm">
                  {vapid.orphanedByRotation.toLocaleString("en")} active subscriptions were made with the current key
                  and would stop receiving notifications.
                </p>
                <RotateKeys orphans={vapid.orphanedByRotation} />
              </div>
            ) : null}
          </CardBody>
        </Card>
        {canEdit ? (
          <Card>
            <CardHeader
              title="Identity verification"
              description="Link a device to a user of your site only when your site vouches for it."
            />
            <CardBody className="space-y-3">
              <p className="text-sm">
                Your site&apos;s back-end signs each user id with this secret (a hex HMAC-SHA256, see the{" "}
                <Link href="/admin/api" className="text-brand-700 underline dark:text-brand-100">
                  API reference
                </Link>{" "}
                for code) and the page sends the id and its signature when the visitor turns notifications on. A
                subscription keeps the id only when the signature matches, so nobody can attach their browser to someone
                else&apos;s account by typing an id. Keep the secret on the server: never put it in the page.
              </p>
              <IdentitySecret />
            </CardBody>
          </Card>
        ) : null}
        <Card>
          <CardHeader title="Allowed push services" />
          <CardBody>
            <PushHostsForm hosts={storedHosts} fromEnv={env.PUSH_EXTRA_HOSTS} canEdit={canEdit} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Notification defaults" description="Every new campaign starts from these." />
          <CardBody>
            <NotificationDefaultsForm defaults={defaults} canEdit={canEdit} />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
