// A Mozilla-style push service for tests: Firefox connects to its WebSocket side (dom.push.serverURL,
// plain ws:// on its own port) and our server POSTs to its https side, like autopush's two faces.
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { ensureTestTls } from "../tls";
import { handleConnection, type ProtocolEvent } from "./protocol";
import { handlePush, type PushRequestRecord } from "./push-endpoint";
import { PushState, type Channel, type PushedMessage } from "./state";
import { acceptWebSocket, type WebSocketConnection } from "./websocket";

export type MozillaPushServiceOptions = { now?: () => number; pushPort?: number; websocketPort?: number };

export type MozillaPushService = {
  /** For dom.push.serverURL, e.g. ws://localhost:41234/ */
  websocketUrl: string;
  /** The https origin of the push endpoints, e.g. https://localhost:41235 */
  origin: string;
  /** "localhost:PORT", as an admin adds it to the allowed push-service hosts. */
  host: string;
  channels(): Channel[];
  messages(): PushedMessage[];
  requests(): PushRequestRecord[];
  /** Every WebSocket message received from browsers, in order (for failure messages). */
  protocolLog(): ProtocolEvent[];
  /** Drops every browser connection without a close handshake (the browser goes "offline"). */
  disconnectAll(): void;
  close(): Promise<void>;
};

function trackSockets(server: HttpServer | HttpsServer) {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

const listen = (server: HttpServer | HttpsServer, port: number) =>
  new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });

export async function startMozillaPushService(options: MozillaPushServiceOptions = {}): Promise<MozillaPushService> {
  const state = new PushState(options.now ?? Date.now);
  const tls = ensureTestTls();
  const protocolLog: ProtocolEvent[] = [];
  const requestLog: PushRequestRecord[] = [];
  const connections = new Set<WebSocketConnection>();
  let origin = "";

  const push = createHttpsServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const match = /^\/wpush\/v2\/([A-Za-z0-9_-]+)$/.exec(new URL(req.url ?? "/", "https://localhost").pathname);
    if (!match) return void res.writeHead(404).end();
    handlePush(req, res, match[1]!, state, origin, requestLog).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(500).end(err.message);
    });
  });
  const websocket = createHttpServer((_req, res) => res.writeHead(426, { upgrade: "websocket" }).end());
  websocket.on("upgrade", (req, socket, head) => {
    const ws = acceptWebSocket(req, socket, head);
    if (!ws) return;
    connections.add(ws);
    ws.on("close", () => connections.delete(ws));
    handleConnection(ws, state, () => origin, protocolLog);
  });
  const closePush = trackSockets(push);
  const closeWebsocket = trackSockets(websocket);

  const pushPort = await listen(push, options.pushPort ?? 0);
  const websocketPort = await listen(websocket, options.websocketPort ?? 0);
  origin = `https://localhost:${pushPort}`;

  return {
    websocketUrl: `ws://localhost:${websocketPort}/`,
    origin,
    host: `localhost:${pushPort}`,
    channels: () => [...state.channels.values()],
    messages: () => state.messages.map((m) => ({ ...m })),
    requests: () => [...requestLog],
    protocolLog: () => [...protocolLog],
    disconnectAll() {
      for (const ws of connections) ws.destroy();
    },
    async close() {
      for (const ws of connections) ws.destroy();
      await Promise.all([closePush(), closeWebsocket()]);
    },
  };
}
