import { Badge } from "@/components/ui/badge";
import { ROLE_LABELS } from "@/lib/auth/roles";
import type { UserDto } from "@/lib/users/dto";
import { SignOutButton } from "./sign-out-button";

export function UserBadge({ user }: { user: UserDto }) {
  return (
    <div className="space-y-2">
      <div className="min-w-0">
        <p className="truncate text-sm font-medium" title={user.name ?? user.email}>
          {user.name ?? user.email}
        </p>
        <p className="text-muted flex items-center gap-2 text-xs">
          <span className="truncate" title={user.email}>
            {user.email}
          </span>
          <Badge tone="brand">{ROLE_LABELS[user.role]}</Badge>
        </p>
      </div>
      <SignOutButton />
    </div>
  );
}
