import type { Metadata } from "next";
import { headers } from "next/headers";
import { PageHeader } from "@/components/admin/page-header";
import { requirePageUser } from "@/lib/auth/require-user";
import { getServerContext } from "@/lib/server-context";
import { Composer } from "../_components/composer";
import { composerOptions } from "../_components/composer-data";
import { siteOriginOrLocalhost } from "@/lib/http/site-origin";
import { valuesFromDefaults } from "../_components/composer-values";
import { getNotificationDefaults } from "@/lib/settings/notification-defaults";

export const metadata: Metadata = { title: "New campaign" };

export default async function NewCampaignPage() {
  const user = await requirePageUser("editor");
  const { appDb } = getServerContext();
  const origin = siteOriginOrLocalhost(await headers());
  const defaults = await getNotificationDefaults(appDb);
  return (
    <>
      <PageHeader
        title="New campaign"
        description="Write the notification, choose delivery options and an audience, preview it, then send or schedule."
      />
      <Composer
        initial={valuesFromDefaults(defaults, origin)}
        origin={origin}
        {...await composerOptions(appDb, user.id)}
      />
    </>
  );
}
