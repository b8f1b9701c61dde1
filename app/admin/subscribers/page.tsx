import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/admin/page-header";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/require-user";
import { getServerContext } from "@/lib/server-context";
import { countSubscribers, listSubscribers, subscriberFilterOptions } from "@/lib/subscribers/queries";
import { filterToSearchParams, parseSubscriberFilter } from "@/lib/subscribers/schema";
import { listTopicOptions } from "@/lib/topics/admin";
import { SubscriberFilters } from "./_components/subscriber-filters";
import { SubscriberTable } from "./_components/subscriber-table";

export const metadata: Metadata = { title: "Subscribers" };

export default async function SubscribersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("viewer");
  const { appDb } = getServerContext();
  const params = await searchParams;
  const { after, ...filter } = parseSubscriberFilter(params);
  const [page, counted, filterOptions] = await Promise.all([
    listSubscribers(appDb, filter, { after }),
    countSubscribers(appDb, filter),
    subscriberFilterOptions(appDb),
  ]);
  const n = (value: number) => value.toLocaleString("en");
  const countText =
    counted.matching === counted.total
      ? `${n(counted.total)} subscriber${counted.total === 1 ? "" : "s"}`
      : `${n(counted.matching)} of ${n(counted.total)} subscribers`;
  const query = filterToSearchParams(filter);
  const topics = await listTopicOptions(appDb);
  const next = new URLSearchParams(query);
  if (page.nextCursor) next.set("after", String(page.nextCursor));

  return (
    <>
      <PageHeader
        title="Subscribers"
        description="Everyone who opted in to notifications on your site. Endpoints are shown shortened: the whole address lets anyone push to that browser."
        actions={
          <div className="flex gap-2">
            {hasRole(user.role, "editor") ? (
              <a href={`/api/admin/subscribers/export?${query}`} className={buttonClasses("secondary")} download>
                Export CSV
              </a>
            ) : null}
            {hasRole(user.role, "owner") ? (
              <Link href="/admin/subscribers/transfer" className={buttonClasses("secondary")}>
                Import / export with keys
              </Link>
            ) : null}
          </div>
        }
      />
      {params.deleted === "1" ? (
        <p
          role="status"
          className="mb-4 rounded-md border border-emerald-500/40 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:bg-emerald-500/10 dark:text-emerald-300"
        >
          The subscriber was deleted for good.
        </p>
      ) : null}
      <Card className="mb-4">
        <SubscriberFilters filter={filter} options={{ topics, ...filterOptions }} />
      </Card>
      <Card>
        {page.rows.length === 0 ? (
          <EmptyState
            title={after ? "No more subscribers" : "No subscribers match"}
            description={
              after ? (
                "You reached the end of the list."
              ) : (
                <>
                  When visitors allow notifications on{" "}
                  <a href="/" target="_blank" rel="noreferrer" className="text-brand-700 underline dark:text-brand-100">
                    the public site
                  </a>
                  , their subscriptions appear here. Try widening the filters.
                </>
              )
            }
          />
        ) : (
          <>
            <SubscriberTable rows={page.rows} />
            <nav
              aria-label="Pages"
              className="flex items-center justify-between border-t border-subtle px-4 py-3 text-sm"
            >
              <span className="text-muted">
                {countText}
                {after ? " · older page" : ""}
              </span>
              <span className="flex gap-2">
                {after ? (
                  <Link href={`/admin/subscribers?${query}`} className={buttonClasses("ghost", "sm")}>
                    Newest
                  </Link>
                ) : null}
                {page.nextCursor ? (
                  <Link href={`/admin/subscribers?${next}`} className={buttonClasses("secondary", "sm")} rel="next">
                    Older subscribers →
                  </Link>
                ) : null}
              </span>
            </nav>
          </>
        )}
      </Card>
    </>
  );
}
