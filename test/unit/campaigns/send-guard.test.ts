import { describe, expect, it } from "vitest";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedSubscription, seedTopic } from "@/test/support/seeds";
import { EVERYONE } from "@/lib/audience/schema";
import { requireRecipients } from "@/lib/campaigns/send-guard";
import { EmptyAudienceError } from "@/lib/campaigns/errors";
import { AudienceInvalidError } from "@/lib/audience/errors";

const now = new Date();

describe.each(ENGINES)("requireRecipients (before send now) on %s", (engine) => {
  const test = useTestDb(engine);

  it("refuses an audience nobody matches, with words that offer the draft", async () => {
    const error = await requireRecipients(test.db, EVERYONE, now).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmptyAudienceError);
    expect(error).toMatchObject({ code: "invalid_audience" });
    expect((error as Error).message).toMatch(/No active subscriber matches this audience/);
    expect((error as Error).message).toMatch(/Save it as a draft/);
  });

  it("counts a topic's subscribers, and refuses when they are excluded again", async () => {
    const db = test.db;
    const news = await seedTopic(db, { slug: "news" });
    const sport = await seedTopic(db, { slug: "sport" });
    await seedSubscription(db, { topicIds: [news, sport] });
    await seedSubscription(db);
    expect(await requireRecipients(db, EVERYONE, now)).toBe(2);
    expect(await requireRecipients(db, { ...EVERYONE, includeTopicIds: [news] }, now)).toBe(1);
    await expect(
      requireRecipients(db, { ...EVERYONE, includeTopicIds: [news], excludeTopicIds: [sport] }, now),
    ).rejects.toThrow(EmptyAudienceError);
  });

  it("still reports an audience that does not compile as such", async () => {
    await expect(
      requireRecipients(test.db, { ...EVERYONE, includeTopicIds: [1], excludeTopicIds: [1] }, now),
    ).rejects.toThrow(AudienceInvalidError);
  });
});
