// @ts-check
// The one reader of process.env. next.config.mjs imports this file, so a bad value stops the app at
// start with a message that names the variable, instead of failing later somewhere deep.
import { z } from "zod";
import { parseTrustProxy } from "./http/trust-proxy.mjs";

const booleanish = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((value) => value === "true" || value === "1" || value === "yes");

const hostList = z.string().transform((value) =>
  value
    .split(",")
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean),
);

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_PATH: z.string().min(1).default("./data/pushboard.db"),
  // A PostgreSQL server for installs on several machines (README "Scaling out"); when set, it is the
  // database and DATABASE_PATH is not used.
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" }).optional(),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 33)").optional(),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: "must be an absolute http(s) URL such as https://push.example.com" })
    .optional(),
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)[^\s<>]+$/, "must be a mailto: or https: contact without spaces or angle brackets")
    .optional(),
  PUSH_EXTRA_HOSTS: hostList.default([]),
  SENDER_MODE: z.enum(["inline", "off"]).default("inline"),
  // Push requests one sender process keeps in flight; also the most messages a crash can send twice.
  SENDER_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(64),
  // Scheduling priority (nice, 0-19) of sending work: a worker process and the encryption threads. The
  // visitor API answers first when they share the CPU; the sender takes what is left. 0: equal footing.
  SENDER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  // How long a claimed delivery stays leased before another worker may take it over (ms).
  SENDER_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  // Campaigns finished longer ago than this lose their per-delivery rows (totals are kept); 0 keeps everything.
  RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(90),
  SECURE_COOKIES: booleanish.optional(),
  // The port `npm start` listens on (all interfaces, as `next start` does).
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  // Web server processes `npm start` runs on the port (Node's cluster): one per core the web may use.
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  // Whose X-Forwarded-For to believe: unset/false (the socket's address is the client), a number of
  // reverse proxies in front, or their addresses/networks (lib/http/trust-proxy.mjs; README "Deploying
  // behind a reverse proxy").
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      try {
        return parseTrustProxy(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: /** @type {Error} */ (error).message });
        return z.NEVER;
      }
    }),
  // Build output folder; the browser tests build into their own so a dev server can run beside them.
  NEXT_DIST_DIR: z
    .string()
    .regex(/^\.next[\w-]*$/, "must be a folder name starting with .next")
    .optional(),
});

/** @typedef {z.infer<typeof envSchema>} Env */

/**
 * Parses an environment object; throws an Error whose message lists every bad variable on its own line.
 * @param {Record<string, string | undefined>} source
 * @returns {Env}
 */
export function parseEnv(source) {
  // Empty strings mean "not set" (a blank line in .env), not "set to nothing".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ""));
  const result = envSchema.safeParse(cleaned);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".") || "(env)"}: ${issue.message}`);
  throw new Error(
    `Invalid environment configuration:\n${lines.join("\n")}\nSee .env.example for every variable and its purpose.`,
  );
}

export const env = parseEnv({
  NODE_ENV: process.env.NODE_ENV,
  DATABASE_PATH: process.env.DATABASE_PATH,
  DATABASE_URL: process.env.DATABASE_URL,
  AUTH_SECRET: process.env.AUTH_SECRET,
  PUBLIC_URL: process.env.PUBLIC_URL,
  VAPID_SUBJECT: process.env.VAPID_SUBJECT,
  PUSH_EXTRA_HOSTS: process.env.PUSH_EXTRA_HOSTS,
  SENDER_MODE: process.env.SENDER_MODE,
  SENDER_CONCURRENCY: process.env.SENDER_CONCURRENCY,
  SENDER_LEASE_MS: process.env.SENDER_LEASE_MS,
  SENDER_NICE: process.env.SENDER_NICE,
  RETENTION_DAYS: process.env.RETENTION_DAYS,
  SECURE_COOKIES: process.env.SECURE_COOKIES,
  PORT: process.env.PORT,
  WEB_CONCURRENCY: process.env.WEB_CONCURRENCY,
  NEXT_DIST_DIR: process.env.NEXT_DIST_DIR,
  TRUST_PROXY: process.env.TRUST_PROXY,
});
