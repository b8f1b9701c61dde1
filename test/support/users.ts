import type { Db } from "@/lib/db/client";
import type { UserRole } from "@/lib/db/schema/enums";
import { hashPassword } from "@/lib/auth/password";
import { createUser } from "@/lib/users/mutations";
import type { UserDto } from "@/lib/users/dto";

// Cheap scrypt parameters for fixtures: verification reads them from the hash, so tests stay fast
// while the code path is the production one.
export const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };

export async function addUser(
  db: Db,
  role: UserRole,
  email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`,
  password = "a long enough password",
): Promise<UserDto & { password: string }> {
  const user = createUser(db, {
    email,
    role,
    name: `Test ${role}`,
    passwordHash: await hashPassword(password, FAST_SCRYPT),
  });
  return { ...user, password };
}
