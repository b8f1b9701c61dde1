import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import type { UserRole } from "@/lib/db/schema/enums";
import { toUserDto, type UserDto } from "./dto";
import { DuplicateEmailError, SetupClosedError } from "./errors";
import { holdWriteLock } from "@/lib/db/write-lock";

export type NewUser = { email: string; name?: string | null; role: UserRole; passwordHash: string; now?: Date };

/** Inside a transaction that holds the accounts lock: the email check and the insert cannot interleave. */
async function insertUser(tx: Db, input: NewUser): Promise<UserDto> {
  const { users } = tx.tables;
  const email = input.email.trim().toLowerCase();
  const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  if (taken) throw new DuplicateEmailError(email);
  const now = input.now ?? new Date();
  const [row] = await tx
    .insert(users)
    .values({
      email,
      name: input.name?.trim() || null,
      role: input.role,
      passwordHash: input.passwordHash,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return toUserDto(row!);
}

/**
 * Adds an account; throws DuplicateEmailError when the address is taken (case-insensitively). The
 * password is hashed by the caller, before: a transaction must not wait on scrypt.
 */
export async function createUser(db: Db, input: NewUser): Promise<UserDto> {
  return db.transaction(async (tx) => {
    await holdWriteLock(tx, "accounts");
    return insertUser(tx, input);
  });
}

/**
 * Creates the first owner, only while no account exists. The check and the insert share one
 * transaction under the accounts lock, so two racing set-up submissions (even from two processes)
 * cannot both pass.
 */
export async function createFirstOwner(db: Db, input: Omit<NewUser, "role">): Promise<UserDto> {
  return db.transaction(async (tx) => {
    await holdWriteLock(tx, "accounts");
    const { users } = tx.tables;
    const [existing] = await tx.select({ id: users.id }).from(users).limit(1);
    if (existing) throw new SetupClosedError();
    return insertUser(tx, { ...input, role: "owner" });
  });
}

export async function recordSignIn(db: Db, userId: number, now = new Date()): Promise<void> {
  const { users } = db.tables;
  await db.update(users).set({ lastSignInAt: now }).where(eq(users.id, userId));
}
