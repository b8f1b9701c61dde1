import Link from "next/link";
import { TimeLineChart } from "@/components/admin/charts/line-chart";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import type { Db } from "@/lib/db/app-db";
import { DELIVERY_STATUSES } from "@/lib/db/schema/enums";
import { listDeliveries } from "@/lib/campaigns/delivery-log";
import type { CampaignDto } from "@/lib/campaigns/queries";
import { campaignByPushService, campaignFailures, campaignTimeline } from "@/lib/stats/campaign";
import { CampaignVerbs } from "./campaign-verbs";
import { DeliveryLogTable } from "./delivery-log-table";

type LogParams = { status?: (typeof DELIVERY_STATUSES)[number]; code?: number; page?: number };

const SERIES = [
  { key: "accepted", label: "Accepted", color: "#4f46e5" },
  { key: "shown", label: "Shown", color: "#0d9488" },
  { key: "clicked", label: "Clicked", color: "#d97706" },
];

/** Chart, split by push service, failures and the delivery log of a campaign that started sending. */
export async function DeliveryHistory({
  db,
  campaign,
  log,
  canEdit,
  now,
}: {
  db: Db;
  campaign: CampaignDto;
  log: LogParams;
  canEdit: boolean;
  now: number;
}) {
  const from = campaign.startedAt?.getTime() ?? now;
  const to = Math.max(
    from,
    campaign.completedAt ? Math.max(campaign.completedAt.getTime(), Math.min(now, from + 86_400_000)) : now,
  );
  const [timeline, services, failures, deliveries] = await Promise.all([
    campaignTimeline(db, campaign.id, { from, to }),
    campaignByPushService(db, campaign.id),
    campaignFailures(db, campaign.id),
    listDeliveries(db, campaign.id, { status: log.status, statusCode: log.code, page: log.page }),
  ]);
  const retryable = failures.some((f) => f.retryable && f.status === "failed");
  const query = (page: number) => {
    const q = new URLSearchParams();
    if (log.status) q.set("status", log.status);
    if (log.code !== undefined) q.set("code", String(log.code));
    if (page > 1) q.set("page", String(page));
    return q.toString();
  };
  const exportQuery = new URLSearchParams(query(1)).toString();
  return (
    <>
      <Card>
        <CardHeader
          title="Over time"
          description={`Accepted by the push services, shown on devices and clicked, per ${timeline.bucketMs >= 86_400_000 ? "day" : timeline.bucketMs >= 3_600_000 ? "hour" : "minute"}.`}
        />
        <CardBody>
          <TimeLineChart
            caption="Accepted, shown and clicked over time"
            series={SERIES}
            rows={timeline.points}
            xKey="at"
            formatX="time"
          />
        </CardBody>
      </Card>

      <div className="grid grid-cols-1 gap-6 2xl:grid-cols-2">
        <Card>
          <CardHeader title="By push service" />
          {services.length === 0 ? (
            <EmptyState title="No deliveries yet" description="The audience snapshot is written when sending starts." />
          ) : (
            <Table caption="Deliveries by push service">
              <THead>
                <tr>
                  <Th>Service</Th>
                  <Th className="text-right">Targeted</Th>
                  <Th className="text-right">Accepted</Th>
                  <Th className="text-right">Failed</Th>
                  <Th className="text-right">Expired</Th>
                  <Th className="text-right">Clicked</Th>
                </tr>
              </THead>
              <TBody>
                {services.map((s) => (
                  <tr key={s.pushService}>
                    <Th scope="row" className="font-medium">
                      {s.pushService}
                    </Th>
                    {[s.targeted, s.accepted, s.failed, s.expired, s.clicked].map((v, i) => (
                      <Td key={i} className="text-right tabular-nums">
                        {v.toLocaleString("en")}
                      </Td>
                    ))}
                  </tr>
                ))}
              </TBody>
            </Table>
          )}
        </Card>

        <Card>
          <CardHeader
            title="Failures"
            description="Grouped by status code and what it means."
            actions={
              canEdit && retryable && (campaign.status === "sending" || campaign.status === "paused") ? (
                <CampaignVerbs id={campaign.id} title={campaign.title} verbs={["retry"]} size="sm" />
              ) : undefined
            }
          />
          {failures.length === 0 ? (
            <EmptyState
              title="No failures"
              description="Every answer so far was an acceptance (or is still pending)."
            />
          ) : (
            <ul className="divide-y divide-[var(--border)]">
              {failures.map((f) => (
                <li key={`${f.status}-${f.statusCode}-${f.title}`} className="px-5 py-3 text-sm">
                  <div className="flex items-baseline justify-between gap-3">
                    <span className="font-medium">
                      {f.statusCode ?? "no code"} · {f.title}
                    </span>
                    <span className="tabular-nums">{f.count.toLocaleString("en")}</span>
                  </div>
                  <p className="text-muted mt-0.5">{f.explanation}</p>
                  {f.sampleReason ? (
                    <p className="text-muted mt-0.5 truncate font-mono text-xs">{f.sampleReason}</p>
                  ) : null}
                  {f.statusCode !== null ? (
                    <Link
                      href={`?status=${f.status}&code=${f.statusCode}#log`}
                      className="text-xs text-brand-700 hover:underline dark:text-brand-100"
                    >
                      Show these deliveries
                    </Link>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>

      <Card id="log">
        <CardHeader
          title="Delivery log"
          description={`${deliveries.total.toLocaleString("en")} deliver${deliveries.total === 1 ? "y" : "ies"}${log.status || log.code !== undefined ? " match the filter" : ""}. Subscriptions show as id and push host: endpoints are never displayed.`}
          actions={
            canEdit ? (
              <a
                href={`/api/admin/campaigns/${campaign.id}/deliveries${exportQuery ? `?${exportQuery}` : ""}`}
                className={buttonClasses("secondary", "sm")}
                download
              >
                Export CSV
              </a>
            ) : undefined
          }
        />
        <form
          aria-label="Filter the delivery log"
          className="flex flex-wrap items-end gap-3 border-b border-subtle px-5 py-3"
          action="#log"
        >
          <div>
            <label htmlFor="log-status" className="text-sm font-medium">
              Status
            </label>
            <Select
              id="log-status"
              name="status"
              defaultValue={log.status ?? ""}
              className="mt-1"
              options={[{ value: "", label: "Any" }, ...DELIVERY_STATUSES.map((s) => ({ value: s, label: s }))]}
            />
          </div>
          <div className="w-28">
            <label htmlFor="log-code" className="text-sm font-medium">
              Code
            </label>
            <Input id="log-code" name="code" inputMode="numeric" defaultValue={log.code ?? ""} className="mt-1" />
          </div>
          <button type="submit" className={buttonClasses("secondary")}>
            Filter
          </button>
        </form>
        {deliveries.rows.length === 0 ? (
          <EmptyState
            title="No deliveries"
            description="Nothing matches, or the audience snapshot has not been written yet."
          />
        ) : (
          <DeliveryLogTable rows={deliveries.rows} />
        )}
        {deliveries.pageCount > 1 ? (
          <nav
            aria-label="Delivery log pages"
            className="flex items-center justify-between border-t border-subtle px-4 py-3 text-sm"
          >
            <span className="text-muted">
              Page {deliveries.page} of {deliveries.pageCount}
            </span>
            <span className="flex gap-2">
              {deliveries.page > 1 ? (
                <Link href={`?${query(deliveries.page - 1)}#log`} className={buttonClasses("ghost", "sm")} rel="prev">
                  ← Previous
                </Link>
              ) : null}
              {deliveries.page < deliveries.pageCount ? (
                <Link
                  href={`?${query(deliveries.page + 1)}#log`}
                  className={buttonClasses("secondary", "sm")}
                  rel="next"
                >
                  Next →
                </Link>
              ) : null}
            </span>
          </nav>
        ) : null}
      </Card>
    </>
  );
}
