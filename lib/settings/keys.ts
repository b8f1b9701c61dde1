import { z } from "zod";

// Every settings key with the schema of its value, in one place.
export const vapidKeysSchema = z.object({
  publicKey: z.string().regex(/^[A-Za-z0-9_-]{87}$/, "a 65-byte uncompressed P-256 point, base64url"),
  privateKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "a 32-byte P-256 scalar, base64url"),
  subject: z.string().regex(/^(mailto:|https:\/\/)[^\s<>]+$/),
  createdAt: z.number().int(),
});
export type VapidKeys = z.infer<typeof vapidKeysSchema>;

export const authSecretSchema = z.string().min(32);

/** The identity verification secret (lib/identity/secret.ts): 32 random bytes, base64url. */
export const identitySecretSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "32 random bytes, base64url");

export const SETTING_KEYS = {
  vapidKeys: "vapid_keys",
  authSecret: "auth_secret",
  extraPushHosts: "extra_push_hosts",
  notificationDefaults: "notification_defaults",
  retentionLastRun: "retention_last_run",
  identitySecret: "identity_secret",
} as const;

/** Who ran a periodic job last and when (ms): several sender processes share one schedule through it. */
export const periodicRunSchema = z.object({ at: z.number().int(), by: z.string().max(200) });

export const extraPushHostsSchema = z.array(z.string().regex(/^[a-z0-9.-]+(:\d{1,5})?$/)).max(100);

/**
 * One allowed host as an owner types it, in the one spelling URLs use: lower case, punycode, and IPv4
 * numbers in any notation ("127.1", "0x7f000001", "2130706433") resolved to a.b.c.d so that an address
 * cannot pass as a name. null for anything that is not a plain host[:port].
 */
export function normalizePushHost(text: string): { host: string; isAddress: boolean } | null {
  const trimmed = text.trim();
  if (!/^[^\s/?#@\\]+$/.test(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(`https://${trimmed}`);
  } catch {
    return null;
  }
  if (url.username || url.password || url.pathname !== "/" || url.search || url.hash) return null;
  const isAddress = /^\d{1,3}(\.\d{1,3}){3}\.?$/.test(url.hostname) || url.hostname.startsWith("[");
  const hostname = url.hostname.replace(/\.$/, ""); // "push.example.com." is the same host
  const host = url.port ? `${hostname}:${url.port}` : hostname;
  return { host, isAddress };
}

const HOST_FORMAT =
  "Use host names like push.example.com or push.example.com:8443 (one a line, at most 100); no schemes, paths or IP addresses.";

/** The extra push hosts as the settings form posts them: a list separated by lines, spaces or commas. */
export const extraPushHostListSchema = z
  .string()
  .max(10_000, HOST_FORMAT)
  .default("")
  .transform((value, ctx) => {
    const hosts: string[] = [];
    for (const entry of value.split(/[\s,]+/).filter(Boolean)) {
      const normalized = normalizePushHost(entry);
      if (!normalized || !extraPushHostsSchema.element.safeParse(normalized.host).success) {
        ctx.addIssue({ code: "custom", message: `"${entry.slice(0, 80)}" is not a host name. ${HOST_FORMAT}` });
      } else if (normalized.isAddress) {
        ctx.addIssue({
          code: "custom",
          message: `"${entry.slice(0, 80)}" is an IP address (${normalized.host}): name the push service's host.`,
        });
      } else hosts.push(normalized.host);
    }
    return [...new Set(hosts)];
  })
  .pipe(extraPushHostsSchema.max(100, HOST_FORMAT));
