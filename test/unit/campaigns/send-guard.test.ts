import { describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import { addSubscription, addTopic } from "@/test/unit/segments/factory";
import { EVERYONE } from "@/lib/audience/schema";
import { requireRecipients } from "@/lib/campaigns/send-guard";
import { EmptyAudienceError } from "@/lib/campaigns/errors";
import { AudienceInvalidError } from "@/lib/audience/errors";

const now = new Date();

describe("requireRecipients (before send now)", () => {
  it("refuses an audience nobody matches, with words that offer the draft", () => {
    const db = createTestDb();
    expect(() => requireRecipients(db, EVERYONE, now)).toThrow(EmptyAudienceError);
    try {
      requireRecipients(db, EVERYONE, now);
    } catch (error) {
      expect(error).toMatchObject({ code: "invalid_audience" });
      expect((error as Error).message).toMatch(/No active subscriber matches this audience/);
      expect((error as Error).message).toMatch(/Save it as a draft/);
    }
  });

  it("counts a topic's subscribers, and refuses when they are excluded again", () => {
    const db = createTestDb();
    const news = addTopic(db, "news");
    const sport = addTopic(db, "sport");
    addSubscription(db, { topicIds: [news, sport] });
    addSubscription(db);
    expect(requireRecipients(db, EVERYONE, now)).toBe(2);
    expect(requireRecipients(db, { ...EVERYONE, includeTopicIds: [news] }, now)).toBe(1);
    expect(() =>
      requireRecipients(db, { ...EVERYONE, includeTopicIds: [news], excludeTopicIds: [sport] }, now),
    ).toThrow(EmptyAudienceError);
  });

  it("still reports an audience that does not compile as such", () => {
    const db = createTestDb();
    expect(() => requireRecipients(db, { ...EVERYONE, includeTopicIds: [1], excludeTopicIds: [1] }, now)).toThrow(
      AudienceInvalidError,
    );
  });
});
