// The Web Push client: re-checks the endpoint, builds the request with a cached VAPID header, POSTs
// it through our guarded HTTPS layer and maps the answer to a PushOutcome. Never logs endpoints.
import { checkEndpoint, isExtraHost } from "./endpoint-policy";
import { pushOptionsSchema } from "./options";
import { outcomeFromResponse } from "./outcome";
import { PAYLOAD_MAX_BYTES } from "./payload";
import { createInlineEncryptor, createThreadEncryptor, type PushEncryptor } from "./encrypt-pool";
import { pushRequestHeaders } from "./request";
import { validateSubscriptionKeys } from "./subscription-keys";
import { createHttpsTransport, type PushTransport, type TransportOptions } from "./transport";
import type { PushMessage, PushOutcome, PushSender, PushTarget } from "./types";
import { createVapidAuth, type VapidCredentials } from "./vapid";

export type PushSenderOptions = {
  /** The key pair and contact; a function is read on every send so a rotation applies without a restart. */
  vapid: VapidCredentials | (() => VapidCredentials);
  /**
   * Admin-allowed hosts ("host" or "host:port"). A function is read on every send; it may cache, but
   * must read afresh when asked to (`fresh`): an endpoint is refused only after a fresh read, so a
   * host allowed a moment ago is never refused from a stale cache.
   */
  extraHosts?: readonly string[] | ((read?: { fresh: boolean }) => readonly string[] | Promise<readonly string[]>);
  now?: () => number;
  maxSocketsPerOrigin?: number;
  connectTimeoutMs?: number;
  responseTimeoutMs?: number;
  /** Extra trusted CAs, for test push services. */
  ca?: TransportOptions["ca"];
  /** Replaces the HTTPS layer (its options above are then ignored). */
  transport?: PushTransport;
  /** Where bodies are encrypted; default: worker threads (see encrypt-pool.ts). Closed with the sender. */
  encryptor?: PushEncryptor;
};

const failed = (error: string): PushOutcome => ({ kind: "failed", authProblem: false, error });

function checkMessage(message: PushMessage): string | undefined {
  const parsed = pushOptionsSchema.safeParse({ ttl: message.ttl, urgency: message.urgency, topic: message.topic });
  if (!parsed.success) return parsed.error.issues.map((issue) => issue.message).join("; ");
  if (typeof message.payload !== "string") return "payload must be a string";
  const bytes = Buffer.byteLength(message.payload);
  if (bytes > PAYLOAD_MAX_BYTES) return `payload is ${bytes} bytes; Web Push allows ${PAYLOAD_MAX_BYTES}`;
  return undefined;
}

function defaultEncryptor(): PushEncryptor {
  try {
    return createThreadEncryptor();
  } catch (error) {
    // e.g. started outside the project folder: slower and on the event loop, but still correct
    console.warn(`[push] encrypting on the main thread: ${(error as Error).message}`);
    return createInlineEncryptor();
  }
}

export function createPushSender(options: PushSenderOptions): PushSender {
  const encryptor = options.encryptor ?? defaultEncryptor();
  const now = options.now ?? Date.now;
  const readHosts =
    typeof options.extraHosts === "function"
      ? options.extraHosts
      : (): readonly string[] => (options.extraHosts ?? []) as readonly string[];
  // the connection guard asks synchronously: it sees the list the send it serves has just read
  let knownHosts: readonly string[] = [];
  async function extraHosts(read?: { fresh: boolean }): Promise<readonly string[]> {
    knownHosts = await readHosts(read);
    return knownHosts;
  }
  const readVapid = typeof options.vapid === "function" ? options.vapid : () => options.vapid as VapidCredentials;
  let credentials = readVapid();
  let vapid = createVapidAuth(credentials, now);
  // Tokens are cached per key pair: a rotated pair or a new contact starts a fresh cache.
  function currentVapid() {
    const latest = readVapid();
    if (
      latest.publicKey !== credentials.publicKey ||
      latest.privateKey !== credentials.privateKey ||
      latest.subject !== credentials.subject
    ) {
      credentials = latest;
      vapid = createVapidAuth(latest, now);
    }
    return vapid;
  }
  const transport =
    options.transport ??
    createHttpsTransport({
      allowHost: (host, port) => isExtraHost(host, port, knownHosts),
      maxSocketsPerOrigin: options.maxSocketsPerOrigin,
      connectTimeoutMs: options.connectTimeoutMs,
      responseTimeoutMs: options.responseTimeoutMs,
      ca: options.ca,
    });

  async function send(target: PushTarget, message: PushMessage): Promise<PushOutcome> {
    let policy = checkEndpoint(target.endpoint, await extraHosts());
    if (!policy.ok) policy = checkEndpoint(target.endpoint, await extraHosts({ fresh: true }));
    if (!policy.ok) return failed(`endpoint refused: ${policy.reason}`);
    const invalid = checkMessage(message);
    if (invalid) return failed(`message refused: ${invalid}`);

    // the header first: a rotated key pair must not race the encryption
    const authorization = currentVapid().header(policy.url.origin);
    let body: Buffer;
    try {
      body = await encryptor.encrypt({ payload: message.payload, p256dh: target.p256dh, auth: target.auth });
    } catch (err) {
      // Encryption runs ECDH on p256dh, so a bad key surfaces here; name it precisely without paying
      // for a second curve check on every healthy send. A dead encryption thread is worth a retry.
      const keys = validateSubscriptionKeys(target.p256dh, target.auth);
      if (!keys.ok) return failed(`subscription keys refused: ${keys.reason}`);
      return { kind: "retry", originThrottled: false, error: `request not built: ${(err as Error).message}` };
    }
    const built = { url: policy.url, headers: pushRequestHeaders(message, authorization, body.length), body };

    const result = await transport.post(built);
    if (!result.ok) {
      if (result.failure === "forbidden-address") return failed(`endpoint refused: ${result.message}`);
      return { kind: "retry", originThrottled: false, error: `${result.failure}: ${result.message}` };
    }
    return outcomeFromResponse(result.response, message.ttl, now());
  }

  return {
    send,
    async close() {
      await Promise.all([transport.close(), encryptor.close()]);
    },
  };
}
