// Just enough RFC 6455 for Mozilla's push protocol: text frames, ping/pong and close, on both ends.
// Firefox sends small JSON messages and we offer no extensions, so no compression is negotiated.
import { createHash, randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { request, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const MAX_MESSAGE_BYTES = 1 << 20;
const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

const acceptKey = (key: string) =>
  createHash("sha1")
    .update(key + GUID)
    .digest("base64");

function encodeFrame(opcode: number, payload: Buffer, masked: boolean): Buffer {
  const len = payload.length;
  const lenBytes = len < 126 ? 0 : len < 65_536 ? 2 : 8;
  const head = Buffer.alloc(2 + lenBytes + (masked ? 4 : 0));
  head[0] = 0x80 | opcode;
  head[1] = (masked ? 0x80 : 0) | (lenBytes === 0 ? len : lenBytes === 2 ? 126 : 127);
  if (lenBytes === 2) head.writeUInt16BE(len, 2);
  if (lenBytes === 8) head.writeBigUInt64BE(BigInt(len), 2);
  if (!masked) return Buffer.concat([head, payload]);
  const mask = randomBytes(4);
  mask.copy(head, 2 + lenBytes);
  return Buffer.concat([head, payload.map((byte, i) => byte ^ mask[i % 4]!)]);
}

export type WebSocketEvents = { message: [text: string]; close: [code: number] };

/** One open connection. Servers expect masked frames from clients and send unmasked ones. */
export class WebSocketConnection extends EventEmitter<WebSocketEvents> {
  private buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private closed = false;

  constructor(
    private readonly socket: Duplex,
    private readonly role: "server" | "client",
    head?: Buffer,
  ) {
    super();
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("close", () => this.finish(1006));
    socket.on("error", () => this.finish(1006));
    if (head?.length) this.receive(head);
  }

  get isOpen() {
    return !this.closed;
  }

  send(text: string) {
    if (!this.closed) this.socket.write(encodeFrame(OP.text, Buffer.from(text), this.role === "client"));
  }

  close(code = 1000) {
    if (this.closed) return;
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code);
    this.socket.end(encodeFrame(OP.close, payload, this.role === "client"));
    this.finish(code);
  }

  /** Drops the TCP connection without a closing handshake, as a lost network would. */
  destroy() {
    this.socket.destroy();
    this.finish(1006);
  }

  private finish(code: number) {
    if (this.closed) return;
    this.closed = true;
    this.emit("close", code);
  }

  private receive(chunk: Buffer) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    while (!this.closed && this.buffer.length >= 2) {
      const b0 = this.buffer[0]!;
      const b1 = this.buffer[1]!;
      const masked = (b1 & 0x80) !== 0;
      let len = b1 & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (this.buffer.length < 4) return;
        len = this.buffer.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (this.buffer.length < 10) return;
        const big = this.buffer.readBigUInt64BE(2);
        if (big > BigInt(MAX_MESSAGE_BYTES)) return this.close(1009);
        len = Number(big);
        offset = 10;
      }
      if (masked !== (this.role === "server")) return this.close(1002);
      if (len > MAX_MESSAGE_BYTES) return this.close(1009);
      const total = offset + (masked ? 4 : 0) + len;
      if (this.buffer.length < total) return;
      const mask = masked ? this.buffer.subarray(offset, offset + 4) : undefined;
      const payload = Buffer.from(this.buffer.subarray(total - len, total));
      if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
      this.buffer = this.buffer.subarray(total);
      this.frame((b0 & 0x80) !== 0, b0 & 0x0f, payload);
    }
  }

  private frame(fin: boolean, opcode: number, payload: Buffer) {
    if (opcode === OP.ping) return void this.socket.write(encodeFrame(OP.pong, payload, this.role === "client"));
    if (opcode === OP.pong) return;
    if (opcode === OP.close) return this.close(payload.length >= 2 ? payload.readUInt16BE(0) : 1000);
    if (opcode !== OP.text && opcode !== OP.binary && opcode !== OP.continuation) return this.close(1002);
    this.fragments.push(payload);
    if (this.fragments.reduce((sum, part) => sum + part.length, 0) > MAX_MESSAGE_BYTES) return this.close(1009);
    if (!fin) return;
    const text = Buffer.concat(this.fragments).toString("utf8");
    this.fragments = [];
    this.emit("message", text);
  }
}

/** Completes a server-side upgrade, echoing the sub-protocol Firefox asks for ("push-notification"). */
export function acceptWebSocket(req: IncomingMessage, socket: Duplex, head: Buffer): WebSocketConnection | undefined {
  const key = req.headers["sec-websocket-key"];
  if (req.headers.upgrade?.toLowerCase() !== "websocket" || typeof key !== "string") {
    socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    return undefined;
  }
  const protocols = String(req.headers["sec-websocket-protocol"] ?? "")
    .split(",")
    .map((p) => p.trim());
  const lines = [
    "HTTP/1.1 101 Switching Protocols",
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Accept: ${acceptKey(key)}`,
  ];
  if (protocols.includes("push-notification")) lines.push("Sec-WebSocket-Protocol: push-notification");
  socket.write(`${lines.join("\r\n")}\r\n\r\n`);
  return new WebSocketConnection(socket, "server", head);
}

/** A client connection, as Firefox opens one (used by the unit tests to play the browser). */
export function connectWebSocket(url: string, protocol = "push-notification"): Promise<WebSocketConnection> {
  const key = randomBytes(16).toString("base64");
  return new Promise((resolve, reject) => {
    const req = request(url.replace(/^ws/, "http"), {
      headers: {
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": key,
        "Sec-WebSocket-Protocol": protocol,
      },
    });
    req.on("upgrade", (res, socket, head) => {
      if (res.headers["sec-websocket-accept"] !== acceptKey(key)) return reject(new Error("bad Sec-WebSocket-Accept"));
      resolve(new WebSocketConnection(socket, "client", head));
    });
    req.on("response", (res) => reject(new Error(`no upgrade: HTTP ${res.statusCode}`)));
    req.on("error", reject);
    req.end();
  });
}
