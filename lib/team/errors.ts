export type TeamErrorCode = "last_owner" | "not_found" | "already_member" | "invitation_invalid" | "self";

export class TeamError extends Error {
  constructor(
    readonly code: TeamErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "TeamError";
  }
}

export const LAST_OWNER_MESSAGE = "Pushboard needs at least one owner. Make someone else an owner first.";
