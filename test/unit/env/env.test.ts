import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env.mjs";

describe("environment", () => {
  it("needs nothing: every variable has a default or is optional", () => {
    const env = parseEnv({});
    expect(env.DATABASE_PATH).toBe("./data/pushboard.db");
    expect(env.SENDER_MODE).toBe("inline");
    expect(env.PUSH_EXTRA_HOSTS).toEqual([]);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ AUTH_SECRET: "", PUBLIC_URL: "" }).AUTH_SECRET).toBeUndefined();
  });

  it("names every bad variable in one readable message", () => {
    expect(() =>
      parseEnv({ AUTH_SECRET: "short", PUBLIC_URL: "ftp://x", VAPID_SUBJECT: "mailto:<me@x.y>" }),
    ).toThrowError(
      /AUTH_SECRET: must be at least 32[\s\S]*PUBLIC_URL: must be an absolute http\(s\) URL[\s\S]*VAPID_SUBJECT: must be a mailto: or https:/,
    );
  });

  it("splits extra push hosts", () => {
    expect(parseEnv({ PUSH_EXTRA_HOSTS: "Push.Example.com, localhost:4443 ," }).PUSH_EXTRA_HOSTS).toEqual([
      "push.example.com",
      "localhost:4443",
    ]);
  });

  it("takes a postgres:// DATABASE_URL and refuses any other kind, saying which it wants", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://db.example/pushboard" })).toThrowError(
      /DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/,
    );
    expect(() => parseEnv({ DATABASE_URL: "not a url" })).toThrowError(/DATABASE_URL: must be a postgres/);
    const url = "postgres://pushboard:secret@db.example:5432/pushboard";
    expect(parseEnv({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    expect(parseEnv({ DATABASE_URL: "postgresql://db.example/pushboard" }).DATABASE_URL).toBeDefined();
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });
});
