import { describe, expect, it } from "vitest";
import { createTestDb } from "@/test/support/db";
import { getExtraPushHosts, setExtraPushHosts } from "@/lib/settings/push-hosts";
import { SETTING_KEYS, extraPushHostsSchema } from "@/lib/settings/keys";
import { readSetting, readSettingPrepared } from "@/lib/settings/store";

describe("readSettingPrepared", () => {
  it("reads what readSetting reads, including writes made after its statement was prepared", () => {
    const db = createTestDb();
    expect(readSettingPrepared(db, SETTING_KEYS.extraPushHosts, extraPushHostsSchema)).toBeUndefined();
    setExtraPushHosts(db, ["push.example.org"]);
    expect(readSettingPrepared(db, SETTING_KEYS.extraPushHosts, extraPushHostsSchema)).toEqual(["push.example.org"]);
    setExtraPushHosts(db, ["Push.Example.net:8443", "push.example.org"]);
    const prepared = readSettingPrepared(db, SETTING_KEYS.extraPushHosts, extraPushHostsSchema);
    expect(prepared).toEqual(["push.example.net:8443", "push.example.org"]);
    expect(prepared).toEqual(readSetting(db, SETTING_KEYS.extraPushHosts, extraPushHostsSchema));
    expect(getExtraPushHosts(db, ["env.example.com"])).toEqual([
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
    expect(getExtraPushHosts(db)).toEqual([]);
  });
});
