export { startMozillaPushService, type MozillaPushService, type MozillaPushServiceOptions } from "./server";
export type { Channel, PushedMessage } from "./state";
export type { PushRequestRecord } from "./push-endpoint";
export { connectWebSocket, type WebSocketConnection } from "./websocket";
