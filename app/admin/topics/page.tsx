import type { Metadata } from "next";
import { PageHeader } from "@/components/admin/page-header";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/require-user";
import { getServerContext } from "@/lib/server-context";
import { listTopicsForAdmin } from "@/lib/topics/admin";
import { CreateTopicForm } from "./_components/create-topic-form";
import { TopicRow } from "./_components/topic-row";

export const metadata: Metadata = { title: "Topics" };

export default async function TopicsPage() {
  const user = await requirePageUser("viewer");
  const canEdit = hasRole(user.role, "editor");
  const topics = await listTopicsForAdmin(getServerContext().appDb);
  const live = topics.filter((t) => !t.archived);
  return (
    <>
      <PageHeader
        title="Topics"
        description="What visitors can choose to hear about. The site lists live topics in this order, with their descriptions."
      />
      {canEdit ? (
        <Card className="mb-6">
          <CardHeader title="New topic" />
          <CardBody>
            <CreateTopicForm />
          </CardBody>
        </Card>
      ) : null}
      <Card>
        {topics.length === 0 ? (
          <EmptyState
            title="No topics yet"
            description="Topics let visitors pick what they want to be notified about, and let you aim campaigns at them."
          />
        ) : (
          <ul className="divide-y divide-[var(--border)]" aria-label="Topics">
            {topics.map((topic) => (
              <TopicRow
                key={topic.id}
                topic={topic}
                canEdit={canEdit}
                first={live[0]?.id === topic.id}
                last={live[live.length - 1]?.id === topic.id}
              />
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
