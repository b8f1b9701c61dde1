import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import type { UserRole } from "@/lib/db/schema/enums";
import { toUserDto, type UserDto } from "./dto";
import { DuplicateEmailError, SetupClosedError } from "./errors";

export type NewUser = { email: string; name?: string | null; role: UserRole; passwordHash: string; now?: Date };

function insertUser(db: Db, input: NewUser): UserDto {
  const email = input.email.trim().toLowerCase();
  const taken = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (taken) throw new DuplicateEmailError(email);
  const now = input.now ?? new Date();
  const row = db
    .insert(users)
    .values({
      email,
      name: input.name?.trim() || null,
      role: input.role,
      passwordHash: input.passwordHash,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  return toUserDto(row);
}

/** Adds an account; throws DuplicateEmailError when the address is taken (case-insensitively). */
export function createUser(db: Db, input: NewUser): UserDto {
  return db.transaction((tx) => insertUser(tx as unknown as Db, input), { behavior: "immediate" });
}

/**
 * Creates the first owner, only while no account exists. The check and the insert share one
 * IMMEDIATE transaction, so two racing set-up submissions (even from two processes) cannot both pass.
 */
export function createFirstOwner(db: Db, input: Omit<NewUser, "role">): UserDto {
  return db.transaction(
    (tx) => {
      if (tx.select({ id: users.id }).from(users).limit(1).get()) throw new SetupClosedError();
      return insertUser(tx as unknown as Db, { ...input, role: "owner" });
    },
    { behavior: "immediate" },
  );
}

export function recordSignIn(db: Db, userId: number, now = new Date()): void {
  db.update(users).set({ lastSignInAt: now }).where(eq(users.id, userId)).run();
}
