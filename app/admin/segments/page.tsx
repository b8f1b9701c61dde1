import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/admin/page-header";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/require-user";
import { campaignsUsingSegment } from "@/lib/segments/mutations";
import { listSegments } from "@/lib/segments/queries";
import { getServerContext } from "@/lib/server-context";
import { DeleteSegment } from "./_components/delete-segment";

export const metadata: Metadata = { title: "Segments" };

export default async function SegmentsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("viewer");
  const { db } = getServerContext();
  const segments = listSegments(db);
  const canEdit = hasRole(user.role, "editor");
  const saved = (await searchParams).saved;
  return (
    <>
      <PageHeader
        title="Segments"
        description="Reusable audiences defined by rules, such as browser, language or topic. Counts are active subscribers right now."
        actions={
          canEdit ? (
            <Link href="/admin/segments/new" className={buttonClasses("primary")}>
              New segment
            </Link>
          ) : null
        }
      />
      {saved ? (
        <p
          role="status"
          className="mb-4 rounded-md border border-emerald-500/40 bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:bg-emerald-500/10 dark:text-emerald-300"
        >
          Segment saved.
        </p>
      ) : null}
      <Card>
        {segments.length === 0 ? (
          <EmptyState
            title="No segments yet"
            description="Segments you define appear here, each with the number of subscribers it matches."
            action={
              canEdit ? (
                <Link href="/admin/segments/new" className={buttonClasses("primary")}>
                  Define the first one
                </Link>
              ) : undefined
            }
          />
        ) : (
          <Table caption="Segments">
            <THead>
              <tr>
                <Th>Segment</Th>
                <Th className="text-right">Subscribers</Th>
                <Th className="hidden md:table-cell">Used by</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </THead>
            <TBody>
              {segments.map((s) => {
                const users = campaignsUsingSegment(db, s.id);
                return (
                  <tr key={s.id}>
                    <Td>
                      {canEdit ? (
                        <Link
                          href={`/admin/segments/${s.id}`}
                          className="font-medium text-brand-700 hover:underline dark:text-brand-100"
                        >
                          {s.name}
                        </Link>
                      ) : (
                        <span className="font-medium">{s.name}</span>
                      )}
                      {s.description ? <p className="text-muted text-xs">{s.description}</p> : null}
                      {s.rulesError ? (
                        <p className="text-xs text-red-700 dark:text-red-400">Rules no longer valid: edit to fix.</p>
                      ) : null}
                    </Td>
                    <Td className="text-right tabular-nums">
                      {s.subscriberCount === null ? "—" : s.subscriberCount.toLocaleString("en")}
                    </Td>
                    <Td className="hidden md:table-cell">
                      {users.length === 0 ? (
                        <span className="text-muted">no pending campaign</span>
                      ) : (
                        <span className="flex flex-wrap gap-1.5">
                          {users.map((id) => (
                            <Link
                              key={id}
                              href={`/admin/campaigns/${id}`}
                              className="text-brand-700 hover:underline dark:text-brand-100"
                            >
                              #{id}
                            </Link>
                          ))}
                        </span>
                      )}
                    </Td>
                    <Td className="text-right">{canEdit ? <DeleteSegment id={s.id} name={s.name} /> : null}</Td>
                  </tr>
                );
              })}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}
