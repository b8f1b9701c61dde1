export class DuplicateEmailError extends Error {
  constructor(readonly email: string) {
    super(`An account with the email ${email} already exists.`);
    this.name = "DuplicateEmailError";
  }
}

export class SetupClosedError extends Error {
  constructor() {
    super("Pushboard already has an owner. Sign in instead.");
    this.name = "SetupClosedError";
  }
}
