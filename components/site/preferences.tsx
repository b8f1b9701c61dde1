"use client";
import { useState } from "react";
import { SiteButton } from "./button";
import { Notice } from "./help-panels";
import { ApiError, proofOf, sendTest, updateTopics } from "./push-client";
import { TopicPicker, type SiteTopic } from "./topic-picker";

type Props = {
  topics: SiteTopic[];
  initialTopics: string[];
  subscription: PushSubscription;
  onUnsubscribe: () => Promise<void>;
};

type Feedback = { tone: "success" | "error"; text: string } | null;

const errorText = (error: unknown) =>
  error instanceof ApiError ? error.message : "Something went wrong. Please try again.";

/** A subscribed visitor's controls: topics, a test notification, and turning it all off. */
export function Preferences({ topics, initialTopics, subscription, onUnsubscribe }: Props) {
  const [saved, setSaved] = useState(initialTopics);
  const [selected, setSelected] = useState(initialTopics);
  const [busy, setBusy] = useState<"save" | "test" | "off" | null>(null);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const dirty = [...selected].sort().join() !== [...saved].sort().join();

  async function run(kind: "save" | "test" | "off", action: () => Promise<string | null>) {
    setBusy(kind);
    setFeedback(null);
    try {
      const text = await action();
      if (text) setFeedback({ tone: "success", text });
    } catch (error) {
      setFeedback({ tone: "error", text: errorText(error) });
    } finally {
      setBusy(null);
    }
  }

  return (
    <div id="preferences" className="space-y-5">
      <Notice tone="success" title="Notifications are on for this device">
        <p>
          {topics.length > 0
            ? "Choose what you want to hear about. You can change this at any time."
            : "You will get the site's announcements."}
        </p>
      </Notice>
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          void run("save", async () => {
            const answer = await updateTopics(proofOf(subscription), selected);
            setSaved(answer.subscription.topics);
            setSelected(answer.subscription.topics);
            return "Your topics are saved.";
          });
        }}
      >
        <TopicPicker
          topics={topics}
          selected={selected}
          onChange={setSelected}
          disabled={busy !== null}
          legend="Your topics"
        />
        {topics.length > 0 && selected.length === 0 && (
          <p className="text-muted text-sm">With no topic chosen you will only get announcements sent to everyone.</p>
        )}
        <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap">
          {topics.length > 0 && (
            <SiteButton type="submit" disabled={!dirty || busy !== null}>
              {busy === "save" ? "Saving…" : "Save topics"}
            </SiteButton>
          )}
          <SiteButton
            variant="secondary"
            disabled={busy !== null}
            onClick={() => void run("test", async () => (await sendTest(proofOf(subscription))).message)}
          >
            {busy === "test" ? "Sending…" : "Send a test notification"}
          </SiteButton>
          <SiteButton
            variant="danger"
            disabled={busy !== null}
            onClick={() => void run("off", async () => (await onUnsubscribe(), null))}
          >
            {busy === "off" ? "Turning off…" : "Turn notifications off"}
          </SiteButton>
        </div>
      </form>
      {feedback && (
        <p
          role={feedback.tone === "error" ? "alert" : "status"}
          className={
            feedback.tone === "error"
              ? "text-sm text-red-700 dark:text-red-300"
              : "text-sm text-emerald-700 dark:text-emerald-300"
          }
        >
          {feedback.text}
        </p>
      )}
    </div>
  );
}
