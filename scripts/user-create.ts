// npm run user:create -- --email a@b.c --role owner [--name "Ada"] [--password …]
// Headless account creation (no prompts): without --password a strong one is generated and printed once.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { env } from "../lib/env.mjs";
import { DatabaseUnavailableError, openConfiguredDatabase } from "../lib/db/open";
import { hashPassword } from "../lib/auth/password";
import { recordAudit } from "../lib/audit/record";
import { createUser } from "../lib/users/mutations";
import { DuplicateEmailError } from "../lib/users/errors";
import { createUserSchema } from "../lib/users/schema";

function fail(message: string): never {
  console.error(`user:create: ${message}`);
  console.error(
    'Usage: npm run user:create -- --email you@example.com --role owner|editor|viewer [--name "Your Name"] [--password "at least 10 characters"]',
  );
  process.exit(1);
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        email: { type: "string" },
        role: { type: "string" },
        name: { type: "string" },
        password: { type: "string" },
      },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  const generated = values.password === undefined;
  const password = values.password ?? randomBytes(18).toString("base64url");
  const parsed = createUserSchema.safeParse({
    email: values.email ?? "",
    role: values.role ?? "",
    name: values.name,
    password,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `--${issue.path.join(".")}: ${issue.message}`);
    fail(problems.join("\n  "));
  }

  let opened;
  try {
    opened = await openConfiguredDatabase(env);
  } catch (error) {
    if (error instanceof DatabaseUnavailableError) fail(error.message);
    throw error;
  }
  const appDb = opened.db;
  try {
    // scrypt before the transaction: it must not hold the database while hashing
    const passwordHash = await hashPassword(parsed.data.password);
    const user = await createUser(appDb, { ...parsed.data, passwordHash });
    await recordAudit(appDb, {
      actor: null,
      action: "user.create",
      targetType: "user",
      targetId: user.id,
      details: { email: user.email, role: user.role, via: "cli" },
    });
    console.log(`Created ${user.role} ${user.email} (id ${user.id}) in ${opened.where}`);
    if (generated) console.log(`Password (shown once, store it safely): ${password}`);
  } catch (error) {
    if (error instanceof DuplicateEmailError) fail(error.message);
    throw error;
  } finally {
    await opened.close();
  }
}

void main();
