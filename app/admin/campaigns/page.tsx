import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/admin/page-header";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/require-user";
import { listCampaigns } from "@/lib/campaigns/queries";
import { campaignListParamsSchema } from "@/lib/campaigns/schema";
import { CAMPAIGN_STATUSES } from "@/lib/db/schema/enums";
import { getServerContext } from "@/lib/server-context";
import { CampaignTable } from "./_components/campaign-table";

export const metadata: Metadata = { title: "Campaigns" };

export default async function CampaignsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("viewer");
  const params = await searchParams;
  const filter = campaignListParamsSchema.parse(params);
  const { appDb } = getServerContext();
  const list = await listCampaigns(appDb, filter);
  const canEdit = hasRole(user.role, "editor");
  const pageHref = (page: number) => {
    const q = new URLSearchParams();
    if (filter.status) q.set("status", filter.status);
    if (filter.q) q.set("q", filter.q);
    q.set("page", String(page));
    return `/admin/campaigns?${q}`;
  };
  const filtered = Boolean(filter.status || filter.q);
  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Compose notifications, choose who receives them and send now or later."
        actions={
          canEdit ? (
            <Link href="/admin/campaigns/new" className={buttonClasses("primary")}>
              New campaign
            </Link>
          ) : null
        }
      />
      {params.deleted === "1" ? (
        <p
          role="status"
          className="mb-4 rounded-md border border-emerald-500/40 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:bg-emerald-500/10 dark:text-emerald-300"
        >
          The draft was deleted.
        </p>
      ) : null}
      <Card className="mb-4">
        <form role="search" aria-label="Filter campaigns" className="flex flex-wrap items-end gap-3 px-4 py-3">
          <div className="min-w-48 flex-1">
            <label htmlFor="q" className="text-sm font-medium">
              Search titles
            </label>
            <Input id="q" name="q" type="search" defaultValue={filter.q ?? ""} className="mt-1" />
          </div>
          <div>
            <label htmlFor="status" className="text-sm font-medium">
              Status
            </label>
            <Select
              id="status"
              name="status"
              defaultValue={filter.status ?? ""}
              className="mt-1"
              options={[{ value: "", label: "Any status" }, ...CAMPAIGN_STATUSES.map((s) => ({ value: s, label: s }))]}
            />
          </div>
          <button type="submit" className={buttonClasses("secondary")}>
            Apply
          </button>
          {filtered ? (
            <Link href="/admin/campaigns" className={buttonClasses("ghost")}>
              Clear
            </Link>
          ) : null}
        </form>
      </Card>
      <Card>
        {list.items.length === 0 ? (
          <EmptyState
            title={filtered ? "No campaign matches" : "No campaigns yet"}
            description={
              filtered
                ? "Try another status or search."
                : "Campaigns you compose appear here with their status and delivery figures."
            }
            action={
              canEdit && !filtered ? (
                <Link href="/admin/campaigns/new" className={buttonClasses("primary")}>
                  Compose the first one
                </Link>
              ) : undefined
            }
          />
        ) : (
          <>
            <CampaignTable items={list.items} canEdit={canEdit} />
            <nav
              aria-label="Pages"
              className="flex items-center justify-between border-t border-subtle px-4 py-3 text-sm"
            >
              <span className="text-muted">
                {list.total.toLocaleString("en")} campaign{list.total === 1 ? "" : "s"} · page {list.page} of{" "}
                {list.pageCount}
              </span>
              <span className="flex gap-2">
                {list.page > 1 ? (
                  <Link href={pageHref(list.page - 1)} className={buttonClasses("ghost", "sm")} rel="prev">
                    ← Newer
                  </Link>
                ) : null}
                {list.page < list.pageCount ? (
                  <Link href={pageHref(list.page + 1)} className={buttonClasses("secondary", "sm")} rel="next">
                    Older →
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
