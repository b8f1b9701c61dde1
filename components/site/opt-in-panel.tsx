"use client";
import { useState } from "react";
import { SiteButton } from "./button";
import { DeniedHelp, HomeScreenHelp, Notice, UnsupportedHelp } from "./help-panels";
import { Preferences } from "./preferences";
import { TopicPicker, type SiteTopic } from "./topic-picker";
import { usePushSubscription } from "./use-push-subscription";

type Props = { topics: SiteTopic[]; vapidPublicKey: string };

function Spinner() {
  return <span aria-hidden className="size-4 animate-spin rounded-full border-2 border-current border-r-transparent" />;
}

/** The opt-in as a button in the page: the browser's permission question only ever follows a click. */
export function OptInPanel({ topics, vapidPublicKey }: Props) {
  const { view, subscribe, unsubscribe, retry } = usePushSubscription(vapidPublicKey);
  const [chosen, setChosen] = useState(() => topics.map((t) => t.slug));

  return (
    <section
      aria-labelledby="optin-heading"
      data-state={view.kind}
      data-testid="optin-panel"
      className="surface border-subtle space-y-5 rounded-2xl border p-5 shadow-sm sm:p-6"
    >
      <h2 id="optin-heading" className="text-lg font-semibold">
        {view.kind === "subscribed" ? "Your notification settings" : "Get notified"}
      </h2>

      {view.kind === "checking" && (
        <p className="text-muted flex items-center gap-2 text-sm">
          <Spinner /> Checking what this browser supports…
        </p>
      )}

      {view.kind === "unsupported" && (view.needsHomeScreen ? <HomeScreenHelp /> : <UnsupportedHelp />)}

      {view.kind === "denied" && <DeniedHelp />}

      {(view.kind === "idle" || view.kind === "subscribing") && (
        <div className="space-y-4">
          {view.kind === "idle" && view.notice && (
            <Notice tone="info" title={view.notice.title}>
              <p>{view.notice.text}</p>
            </Notice>
          )}
          <TopicPicker
            topics={topics}
            selected={chosen}
            onChange={setChosen}
            disabled={view.kind === "subscribing"}
            legend="Choose your topics"
          />
          <p className="text-muted text-sm">
            Your browser will ask for permission after you press the button. No account, no email address: you can turn
            notifications off here at any time.
          </p>
          <SiteButton
            onClick={() => void subscribe(chosen)}
            disabled={view.kind === "subscribing" || (topics.length > 0 && chosen.length === 0)}
            className="w-full sm:w-auto"
          >
            {view.kind === "subscribing" ? (
              <>
                <Spinner /> Turning notifications on…
              </>
            ) : (
              "Turn on notifications"
            )}
          </SiteButton>
          {topics.length > 0 && chosen.length === 0 && (
            <p className="text-muted text-sm">Pick at least one topic first.</p>
          )}
        </div>
      )}

      {view.kind === "subscribed" && (
        <Preferences
          topics={topics}
          initialTopics={view.topics}
          subscription={view.subscription}
          onUnsubscribe={unsubscribe}
        />
      )}

      {view.kind === "error" && (
        <div className="space-y-3">
          <Notice tone="error" title="Notifications could not be turned on">
            <p>{view.message}</p>
          </Notice>
          <SiteButton variant="secondary" onClick={retry}>
            Try again
          </SiteButton>
        </div>
      )}
    </section>
  );
}
