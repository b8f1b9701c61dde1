import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

export default function AdminForbidden() {
  return (
    <Card className="mx-auto max-w-lg p-8 text-center">
      <p className="text-muted text-sm font-medium">Error 403</p>
      <h1 className="mt-1 text-xl font-semibold">You don&apos;t have access to this page</h1>
      <p className="text-muted mt-2 text-sm">
        Your role does not include it. An owner of this Pushboard can change your role on the Team page.
      </p>
      <Link href="/admin" className={buttonClasses("secondary", "md", "mt-6")}>
        Back to the overview
      </Link>
    </Card>
  );
}
