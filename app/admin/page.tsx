import type { Metadata } from "next";
import Link from "next/link";
import { FunnelBars } from "@/components/admin/charts/funnel-bars";
import { StackedBarChart } from "@/components/admin/charts/stacked-bar-chart";
import { PageHeader } from "@/components/admin/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePageUser } from "@/lib/auth/require-user";
import { PUSH_SERVICES } from "@/lib/db/schema/enums";
import { getOptinFunnel } from "@/lib/optin/funnel";
import { getServerContext } from "@/lib/server-context";
import { latestCampaigns, subscriberCounts, subscriberGrowth } from "@/lib/stats/overview";
import { formatUtc } from "./campaigns/_components/format";
import { GettingStarted } from "./_components/getting-started";
import { gettingStarted } from "@/lib/onboarding/checklist";
import { hasRole } from "@/lib/auth/roles";
import { buttonClasses } from "@/components/ui/button";

export const metadata: Metadata = { title: "Overview" };

const SERVICE_COLORS: Record<(typeof PUSH_SERVICES)[number], string> = {
  fcm: "#4f46e5",
  mozilla: "#ea580c",
  apple: "#64748b",
  wns: "#0891b2",
  other: "#a3a3a3",
};
const TOPIC_COLORS = ["#4f46e5", "#0d9488", "#d97706", "#db2777", "#65a30d", "#7c3aed"];

// the page renders once per request: this is the request's clock
const readNow = () => new Date();

export default async function OverviewPage() {
  const user = await requirePageUser("viewer");
  const { appDb } = getServerContext();
  const now = readNow();
  const [counts, growth, optin, recent] = await Promise.all([
    subscriberCounts(appDb),
    subscriberGrowth(appDb, now, 30),
    getOptinFunnel(appDb, { from: new Date(now.getTime() - 29 * 86_400_000), to: now }),
    latestCampaigns(appDb, 5),
  ]);
  const funnel = optin.totals;
  const newIn30 = growth.days.reduce((n, d) => n + d.total, 0);
  const steps = await gettingStarted(appDb);
  const canEdit = hasRole(user.role, "editor");
  return (
    <>
      <PageHeader
        title="Overview"
        description={`Welcome${user.name ? `, ${user.name}` : ""}. Subscribers, campaigns and delivery at a glance.`}
        actions={
          canEdit ? (
            <Link href="/admin/campaigns/new" className={buttonClasses("primary")}>
              New campaign
            </Link>
          ) : null
        }
      />
      <div className="grid grid-cols-1 gap-6">
        {steps.some((step) => !step.done) ? <GettingStarted steps={steps} /> : null}
        <dl className="grid grid-cols-2 gap-4 lg:grid-cols-4">
          {(
            [
              ["Active subscribers", counts.active],
              ["New in 30 days", newIn30],
              ["Unsubscribed", counts.unsubscribed],
              ["Expired", counts.expired],
            ] as const
          ).map(([label, value]) => (
            <Card key={label} className="px-4 py-3">
              <dt className="text-muted text-sm">{label}</dt>
              <dd className="text-2xl font-semibold tabular-nums">{value.toLocaleString("en")}</dd>
            </Card>
          ))}
        </dl>

        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
          <Card>
            <CardHeader title="New subscribers per day" description="Last 30 days (UTC), by push service." />
            <CardBody>
              <StackedBarChart
                caption="New subscribers per day by push service"
                xKey="day"
                rows={growth.days}
                series={PUSH_SERVICES.map((s) => ({ key: s, label: s, color: SERVICE_COLORS[s] }))}
              />
            </CardBody>
          </Card>
          <Card>
            <CardHeader
              title="By topic"
              description="New subscribers per day who chose each topic (the six largest)."
            />
            <CardBody>
              <StackedBarChart
                caption="New subscribers per day by topic"
                xKey="day"
                rows={growth.byTopic}
                series={growth.topics.map((t, i) => ({
                  key: `t${t.id}`,
                  label: t.name,
                  color: TOPIC_COLORS[i % TOPIC_COLORS.length]!,
                }))}
              />
            </CardBody>
          </Card>
        </div>

        <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
          <Card>
            <CardHeader
              title="Opt-in funnel"
              description="Last 30 days, counted on the site without tracking visitors."
            />
            <CardBody>
              <FunnelBars
                caption="Opt-in funnel"
                steps={[
                  { key: "seen", label: "Explanation seen", value: funnel.prompt_seen },
                  { key: "clicked", label: "Opt-in clicked", value: funnel.optin_clicked },
                  { key: "granted", label: "Granted", value: funnel.granted },
                  { key: "denied", label: "Denied", value: funnel.denied },
                ]}
              />
            </CardBody>
          </Card>
          <Card>
            <CardHeader
              title="Latest campaigns"
              actions={
                <Link href="/admin/campaigns" className="text-sm text-brand-700 hover:underline dark:text-brand-100">
                  All campaigns
                </Link>
              }
            />
            {recent.length === 0 ? (
              <EmptyState
                title="Nothing sent yet"
                description="Once a campaign starts sending, its funnel appears here."
              />
            ) : (
              <ul className="divide-y divide-[var(--border)]">
                {recent.map((c) => (
                  <li key={c.id} className="grid gap-2 px-5 py-3 sm:grid-cols-[minmax(0,14rem)_1fr]">
                    <div className="min-w-0">
                      <Link
                        href={`/admin/campaigns/${c.id}`}
                        className="block truncate font-medium text-brand-700 hover:underline dark:text-brand-100"
                      >
                        {c.title}
                      </Link>
                      <p className="text-muted flex flex-wrap items-center gap-x-2 gap-y-1 text-xs">
                        <Badge tone={c.outcome.tone}>{c.outcome.label}</Badge>
                        {formatUtc(c.startedAt)}
                      </p>
                    </div>
                    <FunnelBars
                      compact
                      caption={`Funnel of ${c.title}`}
                      steps={[
                        { key: "targeted", label: "Targeted", value: c.counters.targeted },
                        { key: "accepted", label: "Accepted", value: c.counters.accepted },
                        { key: "shown", label: "Shown", value: c.counters.shown },
                        { key: "clicked", label: "Clicked", value: c.counters.clicked },
                      ]}
                    />
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}
