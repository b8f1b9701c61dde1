import { randomBytes } from "node:crypto";
import { hostname } from "node:os";

/** Unique per process and start: hostname:pid:random, recorded as deliveries.leasedBy. */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}
