import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { PUSH_SERVICES } from "@/lib/db/schema/enums";
import type { SubscriberFilter } from "@/lib/subscribers/schema";

type Options = { topics: { id: number; name: string }[]; browsers: string[]; platforms: string[]; languages: string[] };

const any = (label: string) => ({ value: "", label });
const SERVICE_LABELS: Record<string, string> = {
  fcm: "Google FCM",
  mozilla: "Mozilla",
  apple: "Apple",
  wns: "Windows (WNS)",
  other: "Other",
};

/** A plain GET form: filters live in the URL, so a filtered list can be bookmarked and shared. */
export function SubscriberFilters({ filter, options }: { filter: SubscriberFilter; options: Options }) {
  const select = (name: keyof SubscriberFilter, label: string, choices: { value: string; label: string }[]) => (
    <div className="space-y-1">
      <Label htmlFor={`filter-${name}`}>{label}</Label>
      <Select id={`filter-${name}`} name={name} defaultValue={String(filter[name] ?? "")} options={choices} />
    </div>
  );
  return (
    <form
      method="get"
      className="grid grid-cols-2 gap-3 p-4 sm:grid-cols-3 lg:grid-cols-5"
      aria-label="Filter subscribers"
    >
      {select("status", "Status", [
        { value: "active", label: "Active" },
        { value: "unsubscribed", label: "Unsubscribed" },
        { value: "expired", label: "Expired" },
        { value: "all", label: "All statuses" },
      ])}
      {select("topic", "Topic", [
        any("Any topic"),
        ...options.topics.map((t) => ({ value: String(t.id), label: t.name })),
      ])}
      {select("pushService", "Push service", [
        any("Any service"),
        ...PUSH_SERVICES.map((s) => ({ value: s, label: SERVICE_LABELS[s] ?? s })),
      ])}
      {select("browser", "Browser", [any("Any browser"), ...options.browsers.map((b) => ({ value: b, label: b }))])}
      {select("platform", "Platform", [any("Any platform"), ...options.platforms.map((p) => ({ value: p, label: p }))])}
      {select("language", "Language", [any("Any language"), ...options.languages.map((l) => ({ value: l, label: l }))])}
      <div className="space-y-1">
        <Label htmlFor="filter-user">User id</Label>
        <Input
          id="filter-user"
          name="user"
          defaultValue={filter.user ?? ""}
          maxLength={128}
          autoComplete="off"
          spellCheck={false}
          placeholder="Your site's id, exactly"
        />
      </div>
      <div className="space-y-1">
        <Label htmlFor="filter-from">Subscribed from</Label>
        <Input id="filter-from" name="from" type="date" defaultValue={filter.from ?? ""} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="filter-to">Subscribed until</Label>
        <Input id="filter-to" name="to" type="date" defaultValue={filter.to ?? ""} />
      </div>
      <div className="col-span-2 flex items-end gap-2 sm:col-span-1 lg:col-span-2">
        <button type="submit" className={buttonClasses("primary")}>
          Apply filters
        </button>
        <Link href="/admin/subscribers" className={buttonClasses("ghost")}>
          Reset
        </Link>
      </div>
    </form>
  );
}
