import type { Db } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import type { UserRole } from "@/lib/db/schema/enums";
import { hashPassword } from "@/lib/auth/password";
import { toUserDto, type UserDto } from "@/lib/users/dto";

// Cheap scrypt parameters for fixtures: verification reads them from the hash, so tests stay fast
// while the code path is the production one.
export const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };

type TestUser = UserDto & { password: string };

const randomEmail = (role: UserRole) => `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`;

/**
 * seedAccount (./seeds.ts) for tests still on the sync SQLite database: the same row. Goes when the last
 * such test is on useTestDb.
 */
export async function addUser(
  db: Db,
  role: UserRole,
  email = randomEmail(role),
  password = "a long enough password",
): Promise<TestUser> {
  const passwordHash = await hashPassword(password, FAST_SCRYPT);
  const now = new Date();
  const row = db
    .insert(users)
    .values({
      email: email.trim().toLowerCase(),
      name: `Test ${role}`,
      role,
      passwordHash,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
  return { ...toUserDto(row), password };
}
