// Our RFC 8291 encryption: byte for byte against the RFC's Appendix A, and decrypted by two
// implementations we did not write the encrypt side of (http_ece, which web-push uses, and our
// receiver-side test crypto). Also the thread pool that runs it off the event loop.
import path from "node:path";
import { createECDH, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import ece from "http_ece";
import webpush from "web-push";
import { encryptAes128gcm, freshSenderKeys, MAX_PLAINTEXT_BYTES } from "@/lib/push/aes128gcm.mjs";
import { createInlineEncryptor, createThreadEncryptor, type PushEncryptor } from "@/lib/push/encrypt-pool";
import { decryptWebPush, parseRecordHeader } from "@/test/support/push-crypto";

const fixture = JSON.parse(readFileSync(path.join(process.cwd(), "test/fixtures/rfc8291-appendix-a.json"), "utf8"));
const v = fixture.rfc8291 as Record<string, string>;
const b = (key: string) => Buffer.from(v[key]!, "base64url");
const ua = { privateKey: b("ua_private"), publicKey: b("ua_public"), authSecret: b("auth_secret") };

function browser() {
  const ecdh = createECDH("prime256v1");
  const publicKey = ecdh.generateKeys();
  return { ecdh, privateKey: ecdh.getPrivateKey(), publicKey, authSecret: randomBytes(16) };
}

describe("encryptAes128gcm", () => {
  it("reproduces RFC 8291 Appendix A byte for byte", () => {
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(b("as_private"));
    const sender = { ecdh, publicKey: ecdh.getPublicKey() };
    const body = encryptAes128gcm({
      plaintext: b("plaintext"),
      uaPublic: ua.publicKey,
      authSecret: ua.authSecret,
      sender,
      salt: b("salt"),
    });
    expect(body.toString("base64url")).toBe(v.body);
    expect(body.length).toBe(144);
  });

  it("is decrypted by http_ece and by our receiver code, for text of every size up to the limit", () => {
    const to = browser();
    for (const size of [0, 1, 15, 16, 17, 1000, 3070, MAX_PLAINTEXT_BYTES]) {
      const plaintext = randomBytes(size);
      const body = encryptAes128gcm({
        plaintext,
        uaPublic: to.publicKey,
        authSecret: to.authSecret,
        sender: freshSenderKeys(),
      });
      expect(body.length).toBe(86 + size + 17);
      expect(decryptWebPush(body, to, { singleRecord: true }).equals(plaintext)).toBe(true);
      const viaEce = ece.decrypt(body, {
        version: "aes128gcm",
        privateKey: to.ecdh,
        authSecret: to.authSecret.toString("base64url"),
      });
      expect(Buffer.from(viaEce).equals(plaintext)).toBe(true);
    }
  });

  it("decrypts to the same plaintext as web-push's own encryption of the message", () => {
    const to = browser();
    const text = "Grüße, 世界 😀 — same message twice";
    const theirs = webpush.generateRequestDetails(
      {
        endpoint: "https://push.example.net/x",
        keys: { p256dh: to.publicKey.toString("base64url"), auth: to.authSecret.toString("base64url") },
      },
      text,
      { vapidDetails: null as never, contentEncoding: "aes128gcm" },
    ).body as Buffer;
    const ours = encryptAes128gcm({
      plaintext: Buffer.from(text),
      uaPublic: to.publicKey,
      authSecret: to.authSecret,
      sender: freshSenderKeys(),
    });
    expect(ours.length).toBe(theirs.length);
    expect(decryptWebPush(ours, to).toString()).toBe(decryptWebPush(theirs, to).toString());
  });

  it("uses a new sender key and salt for every message, even with a reused ECDH object", () => {
    const to = browser();
    const reused = createECDH("prime256v1");
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const body = encryptAes128gcm({
        plaintext: Buffer.from("x"),
        uaPublic: to.publicKey,
        authSecret: to.authSecret,
        sender: freshSenderKeys(reused),
      });
      const header = parseRecordHeader(body);
      seen.add(header.keyId.toString("hex"));
      seen.add(header.salt.toString("hex"));
    }
    expect(seen.size).toBe(40);
  });

  it("refuses what a browser could not decrypt, with a clear reason", () => {
    const to = browser();
    const base = { uaPublic: to.publicKey, authSecret: to.authSecret, sender: freshSenderKeys() };
    expect(() => encryptAes128gcm({ ...base, plaintext: Buffer.alloc(3994) })).toThrow(
      "payload is 3994 bytes; Web Push allows 3993",
    );
    expect(() => encryptAes128gcm({ ...base, plaintext: Buffer.alloc(1), uaPublic: to.publicKey.subarray(1) })).toThrow(
      /65-byte uncompressed/,
    );
    const offCurve = Buffer.from(to.publicKey);
    offCurve[64]! ^= 1;
    expect(() => encryptAes128gcm({ ...base, plaintext: Buffer.alloc(1), uaPublic: offCurve })).toThrow();
    expect(() => encryptAes128gcm({ ...base, plaintext: Buffer.alloc(1), authSecret: Buffer.alloc(15) })).toThrow(
      "auth must be 16 bytes",
    );
  });
});

describe.each([
  ["inline", () => createInlineEncryptor()],
  ["worker threads", () => createThreadEncryptor({ threads: 2, maxBatch: 7 })],
])("%s encryptor", (_name, create: () => PushEncryptor) => {
  let encryptor: PushEncryptor | undefined;
  afterEach(async () => encryptor?.close());

  it("answers each message with its own body, in any batch split, and rejects only the bad ones", async () => {
    encryptor = create();
    const receivers = Array.from({ length: 5 }, browser);
    const jobs = Array.from({ length: 50 }, (_, i) => {
      const to = receivers[i % receivers.length]!;
      const bad = i % 13 === 12;
      return {
        to,
        bad,
        job: {
          payload: `message ${i} ✓`,
          p256dh: bad ? "BAAA" : to.publicKey.toString("base64url"),
          auth: to.authSecret.toString("base64url"),
        },
      };
    });
    const settled = await Promise.allSettled(jobs.map(({ job }) => encryptor!.encrypt(job)));
    settled.forEach((result, i) => {
      const { to, bad } = jobs[i]!;
      if (bad) {
        expect(result.status).toBe("rejected");
        expect(String((result as PromiseRejectedResult).reason)).toMatch(/65-byte uncompressed/);
      } else {
        expect(result.status).toBe("fulfilled");
        expect(decryptWebPush((result as PromiseFulfilledResult<Buffer>).value, to).toString()).toBe(`message ${i} ✓`);
      }
    });
  });
});

describe("thread encryptor failures", () => {
  it("fails the messages of a thread that dies and serves later ones from a fresh thread", async () => {
    // this worker file runs the real one but exits when it sees the payload "crash"
    const encryptor = createThreadEncryptor({
      threads: 1,
      workerFile: path.join(process.cwd(), "test/support/crashing-encrypt-worker.mjs"),
    });
    const to = browser();
    const job = {
      payload: "hello",
      p256dh: to.publicKey.toString("base64url"),
      auth: to.authSecret.toString("base64url"),
    };
    expect(decryptWebPush(await encryptor.encrypt(job), to).toString()).toBe("hello");
    const [crashed, sameBatch] = await Promise.allSettled([
      encryptor.encrypt({ ...job, payload: "crash" }),
      encryptor.encrypt(job),
    ]);
    expect(crashed).toMatchObject({
      status: "rejected",
      reason: expect.objectContaining({ message: "encryption worker exited with code 3" }),
    });
    expect(sameBatch.status).toBe("rejected");
    expect(decryptWebPush(await encryptor.encrypt(job), to).toString()).toBe("hello");
    await encryptor.close();
  });

  it("refuses work once closed, including messages still waiting for a batch", async () => {
    const encryptor = createThreadEncryptor({ threads: 1 });
    const to = browser();
    const job = {
      payload: "late",
      p256dh: to.publicKey.toString("base64url"),
      auth: to.authSecret.toString("base64url"),
    };
    const waiting = encryptor.encrypt(job);
    await encryptor.close();
    await expect(waiting).rejects.toThrow("encryptor closed");
    await expect(encryptor.encrypt(job)).rejects.toThrow("encryptor closed");
  });

  it("says where the worker file should be when it is missing", () => {
    expect(() => createThreadEncryptor({ workerFile: "/nonexistent/encrypt-worker.mjs" })).toThrow(
      "encryption worker not found at /nonexistent/encrypt-worker.mjs",
    );
  });
});
