import { asc, count, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { toUserDto, type UserDto } from "./dto";

export function countUsers(db: Db): number {
  return db.select({ n: count() }).from(users).get()?.n ?? 0;
}

export function hasAnyUser(db: Db): boolean {
  return db.select({ id: users.id }).from(users).limit(1).get() !== undefined;
}

export function findUserById(db: Db, id: number): UserDto | null {
  const row = db.select().from(users).where(eq(users.id, id)).get();
  return row ? toUserDto(row) : null;
}

/** Server-only: includes the password hash for verification. Never return this from an action or route. */
export function findCredentialsByEmail(db: Db, email: string) {
  return db
    .select({
      id: users.id,
      email: users.email,
      role: users.role,
      name: users.name,
      passwordHash: users.passwordHash,
      sessionVersion: users.sessionVersion,
    })
    .from(users)
    .where(eq(users.email, email.trim().toLowerCase()))
    .get();
}

export function listUsers(db: Db): UserDto[] {
  return db.select().from(users).orderBy(asc(users.createdAt), asc(users.id)).all().map(toUserDto);
}
