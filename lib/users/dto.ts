import type { users } from "@/lib/db/schema";
import type { UserRole } from "@/lib/db/schema/enums";

/** What leaves the server about an account: never the password hash. */
export type UserDto = {
  id: number;
  email: string;
  name: string | null;
  role: UserRole;
  lastSignInAt: string | null;
  createdAt: string;
};

export function toUserDto(row: typeof users.$inferSelect): UserDto {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    lastSignInAt: row.lastSignInAt ? row.lastSignInAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  };
}
