import { asc, count, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/app-db";
import { toUserDto, type UserDto } from "./dto";

export async function countUsers(db: Db): Promise<number> {
  const { users } = db.tables;
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export async function hasAnyUser(db: Db): Promise<boolean> {
  const { users } = db.tables;
  const [row] = await db.select({ id: users.id }).from(users).limit(1);
  return row !== undefined;
}

export async function findUserById(db: Db, id: number): Promise<UserDto | null> {
  const { users } = db.tables;
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row ? toUserDto(row) : null;
}

/** Server-only: includes the password hash for verification. Never return this from an action or route. */
export async function findCredentialsByEmail(db: Db, email: string) {
  const { users } = db.tables;
  const [row] = await db
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
    .limit(1);
  return row;
}

export async function listUsers(db: Db): Promise<UserDto[]> {
  const { users } = db.tables;
  const rows = await db.select().from(users).orderBy(asc(users.createdAt), asc(users.id));
  return rows.map(toUserDto);
}
