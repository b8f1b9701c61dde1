import { DomainError } from "@/lib/errors/domain-error";

export class DuplicateEmailError extends DomainError {
  constructor(readonly email: string) {
    super("conflict", `An account with the email ${email} already exists.`, {
      fieldErrors: { email: [`An account with the email ${email} already exists.`] },
    });
  }
}

export class SetupClosedError extends DomainError {
  constructor() {
    super("setup_closed", "Pushboard already has an owner. Sign in instead.");
  }
}
