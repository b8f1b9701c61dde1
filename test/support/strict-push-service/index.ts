export {
  startStrictPushService,
  type StrictPushService,
  type StrictPushServiceOptions,
  type TestSubscription,
  type RecordedRequest,
} from "./server";
export type { Fault } from "./faults";
