// The PostgreSQL tables: the same names, columns, defaults, keys and indexes as ../schema (SQLite),
// in PostgreSQL's own types. test/integration/db/schema-drift.test.ts fails on any difference.
export * from "../schema/enums";
export * from "./users";
export * from "./invitations";
export * from "./auth-throttle";
export * from "./revoked-sessions";
export * from "./password-resets";
export * from "./topics";
export * from "./subscriptions";
export * from "./subscription-topics";
export * from "./segments";
export * from "./campaigns";
export * from "./deliveries";
export * from "./receipts";
export * from "./settings";
export * from "./audit-log";
export * from "./optin-events";
export * from "./push-origins";
export * from "./rate-limit-buckets";
export * from "./campaign-counter-deltas";
export * from "./api-keys";
