import { describe, expect, it } from "vitest";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedSubscription } from "@/test/support/seeds";
import { campaignAudienceSchema, EVERYONE } from "@/lib/audience/schema";
import { countAudience, parseAudience } from "@/lib/audience/compile";
import { activeSubscriptionIdsOfUsers, resolveApiAudience } from "@/lib/api-notifications/audience";
import { createComposerSchema } from "@/lib/campaigns/composer-schema";
import { NOW, seedManySubscriptions } from "./fixtures";

describe("the explicit subscription list in a stored audience", () => {
  it("is kept by the stored audience's parse, and never taken from the composer", () => {
    const stored = { ...EVERYONE, subscriptionIds: [3, 1, 3] };
    expect(parseAudience(stored).subscriptionIds).toEqual([3, 1, 3]);
    expect(campaignAudienceSchema.parse(stored)).not.toHaveProperty("subscriptionIds");
    const composed = createComposerSchema(() => NOW).parse({ title: "x", audience: stored });
    expect(composed.audience).toEqual(EVERYONE);
  });
});

describe.each(ENGINES)("resolveApiAudience on %s", (engine) => {
  const test = useTestDb(engine);

  it("finds users' active devices across several lookup chunks of 500", async () => {
    const { db } = test;
    const ids = await seedManySubscriptions(db, 1_201, (i) => ({
      externalId: `u${Math.floor(i / 2)}`,
      status: i % 3 === 0 ? "unsubscribed" : "active",
    }));
    const users = Array.from({ length: 601 }, (_, i) => `u${i}`);
    const found = await activeSubscriptionIdsOfUsers(db, [...users, "u0", "nobody"]);
    expect(found).toEqual(ids.filter((_, i) => i % 3 !== 0));
  });

  it("an explicit list counts only its active subscriptions, an empty one nobody, and it narrows topics too", async () => {
    const { db } = test;
    const a = await seedSubscription(db);
    const b = await seedSubscription(db, { status: "expired" });
    await seedSubscription(db);
    expect(await countAudience(db, { ...EVERYONE, subscriptionIds: [a, b, 12345] }, NOW)).toBe(1);
    expect(await countAudience(db, { ...EVERYONE, subscriptionIds: [] }, NOW)).toBe(0);
    const resolved = await resolveApiAudience(db, { kind: "subscriptions", ids: [b, 12345] }, NOW);
    expect(resolved).toEqual({ audience: { ...EVERYONE, subscriptionIds: [] }, targeted: 0 });
  });
});
