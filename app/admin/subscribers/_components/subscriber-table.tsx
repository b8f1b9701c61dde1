import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead } from "@/components/ui/table";
import type { SubscriberRowDto } from "@/lib/subscribers/schema";
import { formatTime } from "@/components/admin/format-time";

const STATUS_TONE = { active: "success", unsubscribed: "neutral", expired: "warning" } as const;

export function SubscriberTable({ rows }: { rows: SubscriberRowDto[] }) {
  return (
    <Table caption="Subscribers">
      <THead>
        <tr>
          <Th>Endpoint</Th>
          <Th>Status</Th>
          <Th>Service</Th>
          <Th className="hidden md:table-cell">Browser · platform</Th>
          <Th className="hidden lg:table-cell">Language</Th>
          <Th className="hidden lg:table-cell">Topics</Th>
          <Th className="hidden sm:table-cell">Subscribed (UTC)</Th>
        </tr>
      </THead>
      <TBody>
        {rows.map((row) => (
          <tr key={row.id}>
            <Td>
              <Link
                href={`/admin/subscribers/${row.id}`}
                className="text-brand-700 dark:text-brand-100 font-mono text-xs hover:underline"
              >
                {row.endpoint}
              </Link>
            </Td>
            <Td>
              <Badge tone={STATUS_TONE[row.status]}>{row.status}</Badge>
            </Td>
            <Td>{row.pushService}</Td>
            <Td className="hidden md:table-cell">
              {row.browser} · {row.platform}
            </Td>
            <Td className="hidden lg:table-cell">{row.language ?? "—"}</Td>
            <Td className="text-muted hidden lg:table-cell">{row.topics.join(", ") || "—"}</Td>
            <Td className="text-muted hidden sm:table-cell">{formatTime(row.createdAt)}</Td>
          </tr>
        ))}
      </TBody>
    </Table>
  );
}
