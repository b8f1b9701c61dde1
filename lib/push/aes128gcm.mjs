// @ts-check
// RFC 8291 message encryption: one aes128gcm record (RFC 8188) keyed by ECDH between a fresh
// sender key pair and the browser's p256dh, mixed with its auth secret. Plain JavaScript (typed by
// JSDoc) because the encryption worker thread loads it as is, with no build step in between.
// Vector-tested against RFC 8291 Appendix A in test/unit/push/aes128gcm.test.ts.
import { createCipheriv, createECDH, createHmac, randomBytes } from "node:crypto";

/** The record size we announce: Web Push allows exactly one record of at most 4096 bytes. */
export const RECORD_SIZE = 4096;
/** 4096 − 86-byte header (salt, rs, idlen, 65-byte key) − 1 delimiter byte − 16-byte tag. */
export const MAX_PLAINTEXT_BYTES = 3993;

const HEADER_BYTES = 86;
const TAG_BYTES = 16;

/** @param {Buffer} plaintext */
export const bodyLength = (plaintext) => HEADER_BYTES + plaintext.length + 1 + TAG_BYTES;
const KEY_INFO = Buffer.from("WebPush: info\0");
const CEK_INFO = Buffer.from("Content-Encoding: aes128gcm\0\x01");
const NONCE_INFO = Buffer.from("Content-Encoding: nonce\0\x01");
const ONE = Buffer.from([1]);
const LAST_RECORD = Buffer.from([2]);

/**
 * @param {Buffer} key
 * @param {Buffer[]} parts
 */
function hmac(key, ...parts) {
  const mac = createHmac("sha256", key);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** @typedef {{ ecdh: import("node:crypto").ECDH, publicKey: Buffer }} SenderKeys */

/**
 * A sender key pair for one message. Reusing the ECDH object only saves allocating it: every
 * generateKeys() call makes a new pair, as RFC 8291 §3.1 asks for each message.
 * @param {import("node:crypto").ECDH} [reuse]
 * @returns {SenderKeys}
 */
export function freshSenderKeys(reuse) {
  const ecdh = reuse ?? createECDH("prime256v1");
  return { ecdh, publicKey: ecdh.generateKeys() };
}

/** Salts come from a pooled random buffer: one getrandom call per 256 messages instead of one each. */
const SALTS_PER_REFILL = 256;
let saltPool = Buffer.alloc(0);
let saltAt = 0;
function nextSalt() {
  if (saltAt >= saltPool.length) {
    saltPool = randomBytes(16 * SALTS_PER_REFILL);
    saltAt = 0;
  }
  saltAt += 16;
  return saltPool.subarray(saltAt - 16, saltAt);
}

/**
 * Encrypts one Web Push message.
 * @param {object} input
 * @param {Buffer} input.plaintext at most 3993 bytes
 * @param {Buffer} input.uaPublic the subscription's p256dh: a 65-byte uncompressed P-256 point
 * @param {Buffer} input.authSecret the subscription's 16-byte auth secret
 * @param {SenderKeys} input.sender the sender key pair for this message (freshSenderKeys)
 * @param {Buffer} [input.salt] 16 random bytes; only the test vectors pass their own
 * @param {Buffer} [input.into] where to write the body (bodyLength(plaintext) bytes); default: a new buffer
 * @returns {Buffer} the request body
 */
export function encryptAes128gcm({ plaintext, uaPublic, authSecret, sender, salt = nextSalt(), into }) {
  if (plaintext.length > MAX_PLAINTEXT_BYTES)
    throw new RangeError(`payload is ${plaintext.length} bytes; Web Push allows ${MAX_PLAINTEXT_BYTES}`);
  if (uaPublic.length !== 65 || uaPublic[0] !== 4)
    throw new TypeError("p256dh must be a 65-byte uncompressed P-256 point");
  if (authSecret.length !== 16) throw new TypeError("auth must be 16 bytes");
  if (salt.length !== 16) throw new TypeError("salt must be 16 bytes");

  // throws for a point that is not on the curve
  const ecdhSecret = sender.ecdh.computeSecret(uaPublic);
  const asPublic = sender.publicKey;
  // RFC 8291 §3.3–3.4: IKM = HMAC(HMAC(auth, ecdh), "WebPush: info\0" ‖ ua ‖ as ‖ 0x01)
  const ikm = hmac(hmac(authSecret, ecdhSecret), KEY_INFO, uaPublic, asPublic, ONE);
  // RFC 8188 §2.2–2.3: one HKDF extract, two single-block expands
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, CEK_INFO).subarray(0, 16);
  const nonce = hmac(prk, NONCE_INFO).subarray(0, 12);

  const body = into ?? Buffer.allocUnsafe(bodyLength(plaintext));
  if (body.length !== bodyLength(plaintext)) throw new RangeError("output buffer has the wrong size");
  salt.copy(body, 0);
  body.writeUInt32BE(RECORD_SIZE, 16);
  body[20] = 65;
  asPublic.copy(body, 21);
  const cipher = createCipheriv("aes-128-gcm", cek, nonce);
  let at = HEADER_BYTES;
  at += cipher.update(plaintext).copy(body, at);
  at += cipher.update(LAST_RECORD).copy(body, at); // the delimiter of the last (only) record, no padding
  at += cipher.final().copy(body, at);
  cipher.getAuthTag().copy(body, at);
  return body;
}

/**
 * Encrypts a batch for the worker thread: every body goes into one shared ArrayBuffer (one transfer
 * instead of one per message); each job gets its [offset, length] in it, or an error message.
 * @param {{ payload: string, p256dh: string, auth: string }[]} jobs
 * @param {import("node:crypto").ECDH} reuse
 * @returns {{ buffer: ArrayBuffer, results: ([number, number] | string)[] }}
 */
export function encryptBatch(jobs, reuse) {
  const plaintexts = jobs.map((job) => Buffer.from(job.payload, "utf8"));
  const out = Buffer.allocUnsafeSlow(plaintexts.reduce((sum, plaintext) => sum + bodyLength(plaintext), 0));
  /** @type {([number, number] | string)[]} */
  const results = [];
  let offset = 0;
  jobs.forEach((job, i) => {
    const plaintext = /** @type {Buffer} */ (plaintexts[i]);
    const length = bodyLength(plaintext);
    try {
      encryptAes128gcm({
        plaintext,
        uaPublic: Buffer.from(job.p256dh, "base64url"),
        authSecret: Buffer.from(job.auth, "base64url"),
        sender: freshSenderKeys(reuse),
        into: out.subarray(offset, offset + length),
      });
      results.push([offset, length]);
      offset += length;
    } catch (error) {
      results.push(error instanceof Error ? error.message : String(error));
    }
  });
  return { buffer: /** @type {ArrayBuffer} */ (out.buffer), results };
}
