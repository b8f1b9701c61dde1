import { DomainError, type ErrorCode } from "@/lib/errors/domain-error";

export type TeamErrorCode = "last_owner" | "not_found" | "already_member" | "invitation_invalid" | "self";

const CODE: Record<TeamErrorCode, ErrorCode> = {
  last_owner: "last_owner",
  not_found: "not_found",
  already_member: "conflict",
  invitation_invalid: "gone",
  self: "forbidden",
};

export class TeamError extends DomainError {
  constructor(
    readonly reason: TeamErrorCode,
    message: string,
  ) {
    super(CODE[reason], message);
  }
}

export const LAST_OWNER_MESSAGE = "Pushboard needs at least one owner. Make someone else an owner first.";
