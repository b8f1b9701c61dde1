import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/admin/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/require-user";
import { getServerContext } from "@/lib/server-context";
import { getSubscriberDetail } from "@/lib/subscribers/detail";
import { DeleteSubscriber } from "../_components/delete-subscriber";
import { formatTime } from "@/components/admin/format-time";

export const metadata: Metadata = { title: "Subscriber" };

const OUTCOME_TONE = {
  accepted: "success",
  failed: "danger",
  expired: "warning",
  cancelled: "neutral",
  queued: "neutral",
  sending: "brand",
  retrying: "warning",
} as const;

export default async function SubscriberPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("viewer");
  const { id } = await params;
  if (!/^\d{1,15}$/.test(id)) notFound();
  const { appDb, vapidKeys } = getServerContext();
  const vapid = await vapidKeys();
  const subscriber = await getSubscriberDetail(appDb, Number(id), vapid.publicKey);
  if (!subscriber) notFound();

  const facts: [string, React.ReactNode][] = [
    [
      "Status",
      <Badge key="s" tone={subscriber.status === "active" ? "success" : "neutral"}>
        {subscriber.status}
      </Badge>,
    ],
    [
      "User id",
      subscriber.externalId === null ? (
        "Not linked to a user of your site"
      ) : (
        <Link
          key="u"
          href={`/admin/subscribers?${new URLSearchParams({ status: "all", user: subscriber.externalId })}`}
          className="font-mono break-all hover:underline"
        >
          {subscriber.externalId}
        </Link>
      ),
    ],
    ["Push service", `${subscriber.pushService} (${subscriber.pushHost})`],
    ["Browser · platform", `${subscriber.browser} · ${subscriber.platform}`],
    ["Language · time zone", `${subscriber.language ?? "—"} · ${subscriber.timeZone ?? "—"}`],
    ["Subscribed (UTC)", formatTime(subscriber.createdAt)],
    ["Last seen (UTC)", formatTime(subscriber.lastSeenAt)],
    ["Last clicked (UTC)", formatTime(subscriber.lastClickedAt)],
    [
      "Topics",
      subscriber.topics.length
        ? subscriber.topics.map((t) => (t.archived ? `${t.name} (archived)` : t.name)).join(", ")
        : "None",
    ],
    [
      "Made with the current key",
      subscriber.madeWithCurrentKey ? "Yes" : "No — it cannot receive pushes until the browser subscribes again",
    ],
  ];
  if (subscriber.unsubscribedAt) facts.push(["Unsubscribed (UTC)", formatTime(subscriber.unsubscribedAt)]);
  if (subscriber.expiredAt) facts.push(["Expired (UTC)", formatTime(subscriber.expiredAt)]);

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/admin/subscribers" className="text-muted hover:underline">
          ← Subscribers
        </Link>
      </p>
      <PageHeader
        title={`Subscriber #${subscriber.id}`}
        description={<span className="font-mono">{subscriber.endpoint}</span>}
        actions={hasRole(user.role, "editor") ? <DeleteSubscriber id={subscriber.id} /> : null}
      />
      <Card className="mb-6">
        <CardBody>
          <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2">
            {facts.map(([label, value]) => (
              <div key={label}>
                <dt className="text-muted text-xs uppercase tracking-wide">{label}</dt>
                <dd className="mt-0.5 text-sm">{value}</dd>
              </div>
            ))}
          </dl>
        </CardBody>
      </Card>
      <Card>
        <CardHeader
          title="Campaigns delivered"
          description="The latest 50, newest first, with the push service's answer and what the browser reported."
        />
        {subscriber.deliveries.length === 0 ? (
          <EmptyState title="Nothing delivered yet" description="Campaigns sent to this subscriber will appear here." />
        ) : (
          <Table caption="Campaigns delivered">
            <THead>
              <tr>
                <Th>Campaign</Th>
                <Th>Outcome</Th>
                <Th className="hidden sm:table-cell">Answer</Th>
                <Th>Receipts</Th>
                <Th className="hidden md:table-cell">Queued (UTC)</Th>
              </tr>
            </THead>
            <TBody>
              {subscriber.deliveries.map((d) => (
                <tr key={d.campaignId}>
                  <Td>
                    <Link href={`/admin/campaigns/${d.campaignId}`} className="hover:underline">
                      {d.campaignTitle}
                    </Link>
                  </Td>
                  <Td>
                    <Badge tone={OUTCOME_TONE[d.status]}>{d.status}</Badge>
                  </Td>
                  <Td className="text-muted hidden sm:table-cell">
                    {d.statusCode ?? "—"} · {d.attempts} {d.attempts === 1 ? "attempt" : "attempts"}
                  </Td>
                  <Td>{d.receipts.length ? d.receipts.join(", ") : "—"}</Td>
                  <Td className="text-muted hidden md:table-cell">{formatTime(d.createdAt)}</Td>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}
