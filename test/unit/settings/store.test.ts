import { describe, expect, it } from "vitest";
import { z } from "zod";
import { eq } from "drizzle-orm";
import { createTestDb } from "@/test/support/db";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { sqliteAppDb } from "@/lib/db/sqlite-async";
import { getExtraPushHosts, getExtraPushHostsSync, setExtraPushHosts } from "@/lib/settings/push-hosts";
import { SETTING_KEYS, extraPushHostsSchema } from "@/lib/settings/keys";
import { initSetting, readSetting, writeSetting } from "@/lib/settings/store";
import { readSettingPrepared, readSettingSync } from "@/lib/settings/store-sync";

describe.each(ENGINES)("settings store on %s", (engine) => {
  const test = useTestDb(engine);
  const counter = z.object({ n: z.number().int() });

  it("writes, overwrites and reads a value by its schema", async () => {
    expect(await readSetting(test.db, "counter", counter)).toBeUndefined();
    await writeSetting(test.db, "counter", counter, { n: 1 });
    await writeSetting(test.db, "counter", counter, { n: 2 });
    expect(await readSetting(test.db, "counter", counter)).toEqual({ n: 2 });
    await expect(writeSetting(test.db, "counter", counter, { n: 1.5 })).rejects.toThrow();
    expect(await readSetting(test.db, "counter", counter)).toEqual({ n: 2 });
  });

  it("reads a stored value the schema refuses as absent", async () => {
    const { settings } = test.db.tables;
    await test.db.insert(settings).values({ key: "counter", value: { n: "two" } });
    expect(await readSetting(test.db, "counter", counter)).toBeUndefined();
  });

  it("keeps the first value initSetting stored", async () => {
    expect(await initSetting(test.db, "counter", counter, () => ({ n: 1 }))).toEqual({ n: 1 });
    expect(await initSetting(test.db, "counter", counter, () => ({ n: 2 }))).toEqual({ n: 1 });
    const { settings } = test.db.tables;
    const rows = await test.db.select().from(settings).where(eq(settings.key, "counter"));
    expect(rows.map((row) => row.value)).toEqual([{ n: 1 }]);
  });

  it("stores extra push hosts lower-cased and once, after the environment's", async () => {
    expect(await getExtraPushHosts(test.db)).toEqual([]);
    await setExtraPushHosts(test.db, ["push.example.org"]);
    expect(await readSetting(test.db, SETTING_KEYS.extraPushHosts, extraPushHostsSchema)).toEqual(["push.example.org"]);
    await setExtraPushHosts(test.db, [" Push.Example.net:8443", "push.example.org", "PUSH.example.org"]);
    expect(await getExtraPushHosts(test.db, ["env.example.com", "Push.example.org"])).toEqual([
      "env.example.com",
      "push.example.org",
      "push.example.net:8443",
    ]);
  });
});

// the visitor hot path and the sender read the hosts synchronously, by a statement prepared once
describe("readSettingPrepared", () => {
  it("reads what readSetting reads, including writes made after its statement was prepared", async () => {
    const db = createTestDb();
    const appDb = sqliteAppDb(db);
    expect(readSettingPrepared(db, SETTING_KEYS.extraPushHosts, extraPushHostsSchema)).toBeUndefined();
    await setExtraPushHosts(appDb, ["push.example.org"]);
    expect(readSettingPrepared(db, SETTING_KEYS.extraPushHosts, extraPushHostsSchema)).toEqual(["push.example.org"]);
    await setExtraPushHosts(appDb, ["Push.Example.net:8443", "push.example.org"]);
    const prepared = readSettingPrepared(db, SETTING_KEYS.extraPushHosts, extraPushHostsSchema);
    expect(prepared).toEqual(["push.example.net:8443", "push.example.org"]);
    expect(prepared).toEqual(await readSetting(appDb, SETTING_KEYS.extraPushHosts, extraPushHostsSchema));
    expect(prepared).toEqual(readSettingSync(db, SETTING_KEYS.extraPushHosts, extraPushHostsSchema));
    expect(getExtraPushHostsSync(db, ["env.example.com"])).toEqual([
      "env.example.com",
      "push.example.net:8443",
      "push.example.org",
    ]);
  });

  it("treats a stored value that is not JSON, or that the schema refuses, as absent", () => {
    const db = createTestDb();
    const store = db.$client.prepare(`INSERT OR REPLACE INTO settings (key, value, updated_at) VALUES (?, ?, 0)`);
    store.run(SETTING_KEYS.extraPushHosts, "{not json");
    expect(readSettingPrepared(db, SETTING_KEYS.extraPushHosts, extraPushHostsSchema)).toBeUndefined();
    store.run(SETTING_KEYS.extraPushHosts, JSON.stringify(["bad host with spaces"]));
    expect(readSettingPrepared(db, SETTING_KEYS.extraPushHosts, extraPushHostsSchema)).toBeUndefined();
    expect(getExtraPushHostsSync(db)).toEqual([]);
  });
});
