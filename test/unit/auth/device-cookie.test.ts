// Device cookies (OWASP): signed by the server, exempt their own account from the per-account lockout,
// and are throttled by a budget of their own.
import { describe, expect, it } from "vitest";
import { ENGINES, useTestDb } from "@/test/support/databases";
import { seedAccount } from "@/test/support/seeds";
import { authenticate } from "@/lib/auth/authenticate";
import {
  deviceCookieName,
  deviceCookieOptions,
  newDeviceId,
  readDeviceCookie,
  signDeviceCookie,
} from "@/lib/auth/device-cookie";
import { listAudit } from "@/lib/audit/record";

const SECRET = "a".repeat(44);
const T0 = new Date("2030-01-01T00:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

describe("device cookie signature", () => {
  it("reads back what this server signed", () => {
    const claim = { userId: 42, deviceId: newDeviceId() };
    expect(readDeviceCookie(SECRET, signDeviceCookie(SECRET, claim))).toEqual(claim);
  });

  it("refuses another secret, a changed user or device, and garbage", () => {
    const claim = { userId: 42, deviceId: newDeviceId() };
    const cookie = signDeviceCookie(SECRET, claim);
    expect(readDeviceCookie("b".repeat(44), cookie)).toBeNull();
    expect(readDeviceCookie(SECRET, cookie.replace("v1.42.", "v1.43."))).toBeNull();
    expect(readDeviceCookie(SECRET, cookie.replace(claim.deviceId, newDeviceId()))).toBeNull();
    const mac = cookie.split(".")[3]!;
    // the first character: all six of its bits are MAC bits (the last one of 32 bytes in base64url carries
    // only two, so changing it A↔B may leave the decoded MAC as it was — a test that failed 1 run in 4)
    expect(readDeviceCookie(SECRET, cookie.replace(mac, (mac.startsWith("A") ? "B" : "A") + mac.slice(1)))).toBeNull();
    for (const junk of [null, undefined, "", "v1.42", "v2.42.x.y", `${cookie}.`, ` ${cookie}`])
      expect(readDeviceCookie(SECRET, junk)).toBeNull();
  });

  it("is httpOnly, SameSite=Lax, long-lived, and Secure with a __Host- name when cookies are secure", () => {
    expect(deviceCookieOptions(true)).toMatchObject({ httpOnly: true, sameSite: "lax", secure: true, path: "/" });
    expect(deviceCookieOptions(false).secure).toBe(false);
    expect(deviceCookieOptions(true).maxAge).toBeGreaterThanOrEqual(180 * 86_400);
    expect(deviceCookieName(true)).toBe("__Host-pushboard-device");
    expect(deviceCookieName(false)).toBe("pushboard-device");
  });
});

describe.each(ENGINES)("sign-in with a device cookie on %s", (engine) => {
  const test = useTestDb(engine);

  async function lockedOutOwner() {
    const db = test.db;
    const owner = await seedAccount(db, { role: "owner", email: "owner@example.com" });
    // an attacker elsewhere locks the account
    for (let i = 0; i < 5; i++)
      await authenticate(db, { email: owner.email, password: "guess guess", ip: "203.0.113.66", now: at(i) });
    expect(
      await authenticate(db, { email: owner.email, password: owner.password, ip: "198.51.100.1", now: at(10) }),
    ).toMatchObject({ reason: "throttled" });
    return { db, owner };
  }

  it("a successful sign-in hands out a device id, and the next one keeps it", async () => {
    const db = test.db;
    const owner = await seedAccount(db, { role: "owner" });
    const first = await authenticate(db, { email: owner.email, password: owner.password, ip: null, now: at(0) });
    expect(first.ok && first.deviceId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const deviceId = first.ok ? first.deviceId : "";
    const second = await authenticate(db, {
      email: owner.email,
      password: owner.password,
      ip: null,
      device: { userId: owner.id, deviceId },
      now: at(1),
    });
    expect(second).toMatchObject({ ok: true, deviceId });
  });

  it("exempts its own account's browser from the lockout others caused (and from the address's)", async () => {
    const { db, owner } = await lockedOutOwner();
    const device = { userId: owner.id, deviceId: newDeviceId() };
    // same address as the attacker: behind one NAT or proxy the address budget is shared too
    expect(
      await authenticate(db, { email: owner.email, password: owner.password, ip: "203.0.113.66", device, now: at(20) }),
    ).toMatchObject({ ok: true });
  });

  it("does not exempt another account: the cookie names one user", async () => {
    const { db, owner } = await lockedOutOwner();
    const someoneElse = await seedAccount(db, { role: "viewer", email: "else@example.com" });
    const device = { userId: someoneElse.id, deviceId: newDeviceId() };
    expect(
      await authenticate(db, { email: owner.email, password: owner.password, ip: "198.51.100.1", device, now: at(20) }),
    ).toMatchObject({ reason: "throttled" });
  });

  it("has a small failure budget of its own, so a stolen device cookie cannot guess without limit", async () => {
    const { db, owner } = await lockedOutOwner();
    const device = { userId: owner.id, deviceId: newDeviceId() };
    for (let i = 0; i < 5; i++)
      expect(
        await authenticate(db, { email: owner.email, password: `stolen ${i}`, ip: null, device, now: at(100 + i) }),
      ).toEqual({ ok: false, reason: "invalid" });
    expect(
      await authenticate(db, { email: owner.email, password: owner.password, ip: null, device, now: at(200) }),
    ).toMatchObject({ reason: "throttled" });
    expect((await listAudit(db, { limit: 1 }))[0]).toMatchObject({
      action: "auth.sign_in_blocked",
      details: { email: owner.email, device: true },
    });
    // another device of the same owner is not affected by this one's budget
    expect(
      await authenticate(db, {
        email: owner.email,
        password: owner.password,
        ip: null,
        device: { userId: owner.id, deviceId: newDeviceId() },
        now: at(200),
      }),
    ).toMatchObject({ ok: true });
  });
});
