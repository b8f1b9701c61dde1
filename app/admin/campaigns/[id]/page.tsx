import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/admin/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/require-user";
import { CampaignNotFoundError } from "@/lib/campaigns/errors";
import { getCampaign, getCampaignProgress, type CampaignDto } from "@/lib/campaigns/queries";
import { campaignIdSchema, deliveryLogParamsSchema } from "@/lib/campaigns/schema";
import { env } from "@/lib/env.mjs";
import { trimmedHistory } from "@/lib/retention/history";
import { getServerContext } from "@/lib/server-context";
import { audienceText } from "../_components/audience-text";
import { CampaignSummary } from "../_components/campaign-summary";
import { CampaignVerbs, type Verb } from "../_components/campaign-verbs";
import { Composer } from "../_components/composer";
import { composerOptions } from "../_components/composer-data";
import { siteOriginOrLocalhost } from "@/lib/http/site-origin";
import { valuesFromCampaign } from "../_components/composer-values";
import { DeliveryHistory } from "../_components/delivery-history";
import { LiveProgress } from "../_components/live-progress";
import { formatUtc } from "../_components/format";

export const metadata: Metadata = { title: "Campaign" };

const VERBS: Record<CampaignDto["status"], Verb[]> = {
  draft: ["duplicate", "delete"],
  scheduled: ["send", "unschedule", "cancel", "duplicate"],
  sending: ["pause", "cancel", "duplicate"],
  paused: ["resume", "cancel", "duplicate"],
  sent: ["duplicate"],
  cancelled: ["duplicate"],
};

// server components render once per request: the request's clock is what the chart should end at
const readClock = () => Date.now();

async function load(id: string): Promise<CampaignDto> {
  const parsed = campaignIdSchema.safeParse(id);
  if (!parsed.success) notFound();
  try {
    return await getCampaign(getServerContext().appDb, parsed.data);
  } catch (error) {
    if (error instanceof CampaignNotFoundError) notFound();
    throw error;
  }
}

export default async function CampaignPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("viewer");
  const campaign = await load((await params).id);
  const query = await searchParams;
  const { appDb } = getServerContext();
  const canEdit = hasRole(user.role, "editor");
  const options = await composerOptions(appDb, user.id);
  const audience = audienceText(
    campaign.audience,
    new Map(options.segments.map((s) => [s.id, s.name])),
    new Map(options.topics.map((t) => [t.id, t.name])),
  );
  const notice =
    query.saved === "1"
      ? "Draft saved."
      : query.duplicated === "1"
        ? "This is a copy: a new draft. Change what you need and send it."
        : null;

  const header = (
    <PageHeader
      title={campaign.title}
      description={
        <>
          <Link href="/admin/campaigns" className="text-brand-700 underline dark:text-brand-100">
            Campaigns
          </Link>{" "}
          · created {formatUtc(campaign.createdAt)}
          {campaign.status === "scheduled" ? ` · scheduled for ${formatUtc(campaign.scheduledAt)}` : ""}
        </>
      }
      actions={
        // keyed by status: when the campaign moves on (a self-pause after "Resume"), the verbs' last
        // message ("Sending again.") goes with the state it described
        canEdit ? (
          <CampaignVerbs key={campaign.status} id={campaign.id} title={campaign.title} verbs={VERBS[campaign.status]} />
        ) : null
      }
    />
  );
  const banner = notice ? (
    <p
      role="status"
      className="mb-4 rounded-md border border-emerald-500/40 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:bg-emerald-500/10 dark:text-emerald-300"
    >
      {notice}
    </p>
  ) : null;

  if (campaign.status === "draft" && canEdit) {
    return (
      <>
        {header}
        {banner}
        <Composer
          campaignId={campaign.id}
          initial={valuesFromCampaign(campaign)}
          origin={siteOriginOrLocalhost(await headers())}
          {...options}
        />
      </>
    );
  }

  const started = campaign.startedAt !== null;
  const history = await trimmedHistory(
    appDb,
    { ...campaign, targeted: campaign.counters.targeted },
    env.RETENTION_DAYS,
    new Date(readClock()),
  );
  return (
    <>
      {header}
      {banner}
      <div className="grid grid-cols-1 gap-6">
        {started ? (
          <Card>
            <CardHeader
              title="Delivery"
              description={
                campaign.status === "sending" || campaign.status === "paused"
                  ? "Updates every second while sending."
                  : "Shown and clicked keep arriving from devices after sending ends; this updates by itself."
              }
            />
            <CardBody>
              <LiveProgress initial={await getCampaignProgress(appDb, campaign.id)} />
            </CardBody>
          </Card>
        ) : null}
        {started && history.trimmed ? (
          <Card>
            <CardHeader title="Delivery history trimmed" />
            <CardBody>
              <p className="text-sm" data-testid="history-trimmed">
                This campaign finished on {formatUtc(history.finishedAt)}, more than {history.retentionDays} days ago,
                so retention removed its per-delivery log, the charts over time and by push service, and the grouped
                failures. The totals above are kept. Keep history longer with <code>RETENTION_DAYS</code> (0 keeps
                everything).
              </p>
            </CardBody>
          </Card>
        ) : null}
        {started && !history.trimmed ? (
          <DeliveryHistory
            db={appDb}
            campaign={campaign}
            log={deliveryLogParamsSchema.parse(query)}
            canEdit={canEdit}
            now={readClock()}
          />
        ) : null}
        <Card>
          <CardHeader title="Content and options" />
          <CardBody>
            <CampaignSummary campaign={campaign} audienceText={audience} />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
