import { InstallButton } from "@/components/site/install-button";
import { OptInPanel } from "@/components/site/opt-in-panel";
import { PushMessages } from "@/components/site/push-messages";
import { SiteHeader } from "@/components/site/site-header";
import { getServerContext } from "@/lib/server-context";
import { listLiveTopics } from "@/lib/topics/queries";

// Topics change in the dashboard; the page must show the current list.
export const dynamic = "force-dynamic";

export default async function HomePage() {
  const { appDb, vapidKeys } = getServerContext();
  const vapid = await vapidKeys();
  const topics = (await listLiveTopics(appDb)).map(({ slug, name, description }) => ({ slug, name, description }));

  return (
    <>
      <SiteHeader>
        <InstallButton />
      </SiteHeader>
      <main className="mx-auto w-full max-w-3xl flex-1 space-y-8 px-4 py-8 sm:px-6 sm:py-12">
        <section className="space-y-3">
          <h1 className="text-3xl font-semibold tracking-tight text-balance sm:text-4xl">
            Notifications from this site, only what you choose
          </h1>
          <p className="text-muted max-w-prose text-lg">
            Turn on notifications and we will tell you when something you care about happens — even when this page is
            closed. No account and no email address needed.
          </p>
        </section>

        <section aria-labelledby="topics-heading" className="space-y-3">
          <h2 id="topics-heading" className="text-lg font-semibold">
            What you will get
          </h2>
          {topics.length > 0 ? (
            <ul className="grid gap-3 sm:grid-cols-2" data-testid="topic-list">
              {topics.map((topic) => (
                <li key={topic.slug} className="surface border-subtle rounded-xl border p-4">
                  <p className="font-medium">{topic.name}</p>
                  {topic.description && <p className="text-muted mt-1 text-sm">{topic.description}</p>}
                </li>
              ))}
            </ul>
          ) : (
            <p className="surface border-subtle text-muted rounded-xl border p-4" data-testid="no-topics">
              No topics have been set up yet, so you will get the site&rsquo;s occasional announcements. When topics
              appear, you can pick the ones you want here.
            </p>
          )}
        </section>

        <OptInPanel topics={topics} vapidPublicKey={vapid.publicKey} />

        <section className="text-muted space-y-1 text-sm">
          <h2 className="font-medium text-[var(--text)]">Your privacy</h2>
          <p>
            We keep what your browser needs to reach this device, the topics you pick, your language and time zone. No
            name, no email, no tracking across sites. Turning notifications off deletes the keys we hold for this
            device.
          </p>
        </section>
      </main>
      <PushMessages />
    </>
  );
}
