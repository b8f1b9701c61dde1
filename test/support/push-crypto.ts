// Receiver-side Web Push crypto for the test push services: RFC 8188 aes128gcm records and the
// RFC 8291 key derivation, written independently of web-push so it can check web-push's output.
import { createCipheriv, createDecipheriv, createECDH, createHmac } from "node:crypto";

const hmac = (key: Buffer, data: Buffer) => createHmac("sha256", key).update(data).digest();
const ONE = Buffer.from([1]);

export type RecordHeader = { salt: Buffer; rs: number; keyId: Buffer; length: number };

export function parseRecordHeader(body: Buffer): RecordHeader {
  if (body.length < 21) throw new Error("body shorter than an aes128gcm header");
  const idLength = body[20]!;
  const length = 21 + idLength;
  if (body.length < length) throw new Error("body shorter than its key id");
  const rs = body.readUInt32BE(16);
  if (rs < 18) throw new Error(`record size ${rs} below 18`);
  return { salt: body.subarray(0, 16), rs, keyId: body.subarray(21, length), length };
}

/** RFC 8188 §2.2–2.3: content-encryption key and nonce base from the input keying material. */
export function deriveContentKeys(ikm: Buffer, salt: Buffer): { prk: Buffer; cek: Buffer; nonce: Buffer } {
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.concat([Buffer.from("Content-Encoding: aes128gcm\0"), ONE])).subarray(0, 16);
  const nonce = hmac(prk, Buffer.concat([Buffer.from("Content-Encoding: nonce\0"), ONE])).subarray(0, 12);
  return { prk, cek, nonce };
}

/** RFC 8291 §3.3–3.4: the IKM shared by the user agent and the application server. */
export function deriveWebPushIkm(ecdhSecret: Buffer, authSecret: Buffer, uaPublic: Buffer, asPublic: Buffer) {
  const prkKey = hmac(authSecret, ecdhSecret);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), uaPublic, asPublic]);
  const ikm = hmac(prkKey, Buffer.concat([keyInfo, ONE]));
  return { prkKey, keyInfo, ikm };
}

function recordNonce(base: Buffer, seq: number): Buffer {
  const nonce = Buffer.from(base);
  // Sequence numbers here stay below 2^32, so only the last four bytes change (JS bit ops are 32-bit).
  nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ seq) >>> 0, 8);
  return nonce;
}

/** Decrypts every record and removes padding; `singleRecord` enforces RFC 8291 §4 (one record only). */
export function decryptRecords(body: Buffer, ikm: Buffer, options: { singleRecord?: boolean } = {}): Buffer {
  const header = parseRecordHeader(body);
  const { cek, nonce } = deriveContentKeys(ikm, header.salt);
  const records: Buffer[] = [];
  for (let start = header.length, seq = 0; start < body.length; start += header.rs, seq++) {
    const record = body.subarray(start, Math.min(start + header.rs, body.length));
    if (record.length < 17) throw new Error("record shorter than its tag");
    const decipher = createDecipheriv("aes-128-gcm", cek, recordNonce(nonce, seq));
    decipher.setAuthTag(record.subarray(record.length - 16));
    const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    const last = start + header.rs >= body.length;
    let end = plain.length - 1;
    while (end >= 0 && plain[end] === 0) end--;
    if (end < 0) throw new Error("record without a padding delimiter");
    if (plain[end] !== (last ? 2 : 1)) throw new Error(`wrong padding delimiter ${plain[end]} in record ${seq}`);
    records.push(plain.subarray(0, end));
  }
  if (records.length === 0) throw new Error("no records");
  if (options.singleRecord && records.length > 1) throw new Error(`${records.length} records; Web Push allows one`);
  return Buffer.concat(records);
}

export type SubscriberKeys = { privateKey: Buffer; publicKey: Buffer; authSecret: Buffer };

/** What a browser does with a push body: ECDH with the key id, RFC 8291 IKM, then aes128gcm. */
export function decryptWebPush(body: Buffer, keys: SubscriberKeys, options: { singleRecord?: boolean } = {}): Buffer {
  const header = parseRecordHeader(body);
  if (header.keyId.length !== 65)
    throw new Error(`key id is ${header.keyId.length} bytes, expected a 65-byte P-256 point`);
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(keys.privateKey);
  const secret = ecdh.computeSecret(header.keyId);
  const { ikm } = deriveWebPushIkm(secret, keys.authSecret, keys.publicKey, header.keyId);
  return decryptRecords(body, ikm, options);
}

/** Single-record aes128gcm with a given sender key and salt: only for checking vectors and hostile bodies. */
export function encryptWebPushForTest(
  plaintext: Buffer,
  to: { publicKey: Buffer; authSecret: Buffer },
  from: { privateKey: Buffer; salt: Buffer; rs?: number },
): Buffer {
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(from.privateKey);
  const asPublic = ecdh.getPublicKey();
  const { ikm } = deriveWebPushIkm(ecdh.computeSecret(to.publicKey), to.authSecret, to.publicKey, asPublic);
  const { cek, nonce } = deriveContentKeys(ikm, from.salt);
  const header = Buffer.alloc(21);
  from.salt.copy(header, 0);
  header.writeUInt32BE(from.rs ?? 4096, 16);
  header[20] = 65;
  const cipher = createCipheriv("aes-128-gcm", cek, nonce);
  const sealed = Buffer.concat([
    cipher.update(Buffer.concat([plaintext, Buffer.from([2])])),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return Buffer.concat([header, asPublic, sealed]);
}
