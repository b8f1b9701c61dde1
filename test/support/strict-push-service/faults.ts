// Faults a test can inject per subscription; `times` limits a fault to the next N requests.
export type Fault =
  | {
      kind: "status";
      status: number;
      retryAfter?: string;
      body?: string;
      headers?: Record<string, string>;
      times?: number;
    }
  | { kind: "delay"; ms: number; times?: number } // answers 201, but late
  | { kind: "hang"; times?: number } // never answers
  | { kind: "reset"; times?: number } // TCP reset after reading the request
  | { kind: "redirect"; status: 301 | 302 | 307 | 308; location: string; times?: number };

export type FaultSlot = { fault: Fault; remaining: number };

export function takeFault(slot: FaultSlot | undefined): Fault | undefined {
  if (!slot || slot.remaining <= 0) return undefined;
  slot.remaining -= 1;
  return slot.fault;
}

export function isFault(value: unknown): value is Fault {
  if (!value || typeof value !== "object") return false;
  const fault = value as Record<string, unknown>;
  if (fault.times !== undefined && !(Number.isInteger(fault.times) && (fault.times as number) > 0)) return false;
  switch (fault.kind) {
    case "status":
      return Number.isInteger(fault.status) && (fault.status as number) >= 200 && (fault.status as number) <= 599;
    case "delay":
      return Number.isInteger(fault.ms) && (fault.ms as number) >= 0;
    case "hang":
    case "reset":
      return true;
    case "redirect":
      return [301, 302, 307, 308].includes(fault.status as number) && typeof fault.location === "string";
    default:
      return false;
  }
}
