// Our HTTPS layer for push services: one keep-alive Agent per origin with a socket cap, time limits
// that a hanging service cannot escape, no redirects, and the DNS guard on every new connection.
import { Agent, request } from "node:https";
import { isIP, type Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { createGuardedLookup, isForbiddenAddress, type LookupFunction } from "./dns-guard";
import type { PushResponse } from "./outcome";

export type TransportRequest = { url: URL; headers: Record<string, string | number>; body: Buffer | null };

export type TransportFailure = "connect-timeout" | "response-timeout" | "reset" | "forbidden-address" | "network";

export type TransportResult =
  { ok: true; response: PushResponse } | { ok: false; failure: TransportFailure; message: string };

export interface PushTransport {
  post(request: TransportRequest): Promise<TransportResult>;
  close(): Promise<void>;
}

export type TransportOptions = {
  /** Whether an admin allowed this host:port (self-hosted push service, tests): skips the address guard. */
  allowHost: (hostname: string, port: number) => boolean;
  maxSocketsPerOrigin?: number;
  /** From getting a socket to a finished TLS handshake. */
  connectTimeoutMs?: number;
  /** From the call to the last byte of the answer, waiting for a free socket included. */
  responseTimeoutMs?: number;
  /** Extra trusted CAs (tests); production uses the system store plus NODE_EXTRA_CA_CERTS. */
  ca?: string | Buffer | (string | Buffer)[];
  /** Injected resolver (tests); defaults to dns.lookup. */
  resolve?: LookupFunction;
};

/** Bytes of an answer body we keep; the rest is drained so the socket can be reused. */
const BODY_KEEP_BYTES = 2048;

const portOf = (url: URL) => (url.port ? Number(url.port) : 443);
const bareHost = (url: URL) => url.hostname.replace(/^\[|\]$/g, "");

export function createHttpsTransport(options: TransportOptions): PushTransport {
  const maxSockets = options.maxSocketsPerOrigin ?? 32;
  const connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
  const responseTimeoutMs = options.responseTimeoutMs ?? 15_000;
  const agents = new Map<string, Agent>();

  function agentFor(url: URL): Agent {
    let agent = agents.get(url.origin);
    if (!agent) {
      const port = portOf(url);
      agent = new Agent({
        keepAlive: true,
        maxSockets,
        maxFreeSockets: maxSockets,
        timeout: 60_000, // idle keep-alive sockets are closed after this
        ca: options.ca,
        lookup: createGuardedLookup((host) => options.allowHost(host, port), options.resolve) as never,
      });
      agents.set(url.origin, agent);
    }
    return agent;
  }

  function post({ url, headers, body }: TransportRequest): Promise<TransportResult> {
    const host = bareHost(url);
    // An IP literal never reaches the lookup, so the guard must look at it here.
    if (isIP(host) && isForbiddenAddress(host) && !options.allowHost(host, portOf(url))) {
      return Promise.resolve({ ok: false, failure: "forbidden-address", message: `refused address ${host}` });
    }
    return new Promise((resolve) => {
      let settled = false;
      let connectTimer: NodeJS.Timeout | undefined;
      const finish = (result: TransportResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        clearTimeout(connectTimer);
        resolve(result);
      };
      const fail = (failure: TransportFailure, message: string) => {
        finish({ ok: false, failure, message });
        req.destroy();
      };

      const req = request(url, { method: "POST", agent: agentFor(url), headers });
      const deadline = setTimeout(
        () => fail("response-timeout", `no complete answer within ${responseTimeoutMs} ms`),
        responseTimeoutMs,
      );

      req.on("socket", (socket: Socket) => {
        if (!socket.connecting) return;
        connectTimer = setTimeout(
          () => fail("connect-timeout", `no connection within ${connectTimeoutMs} ms`),
          connectTimeoutMs,
        );
        (socket as TLSSocket).once("secureConnect", () => clearTimeout(connectTimer));
      });
      req.on("error", (err: NodeJS.ErrnoException) => {
        if (err.code === "EPUSHFORBIDDENADDRESS")
          return finish({ ok: false, failure: "forbidden-address", message: err.message });
        const reset = err.code === "ECONNRESET" || err.code === "EPIPE" || err.message === "socket hang up";
        finish({ ok: false, failure: reset ? "reset" : "network", message: `${err.code ?? "error"}: ${err.message}` });
      });
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on("data", (chunk: Buffer) => {
          if (kept >= BODY_KEEP_BYTES) return;
          chunks.push(chunk);
          kept += chunk.length;
        });
        res.on("end", () =>
          finish({
            ok: true,
            response: {
              statusCode: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).subarray(0, BODY_KEEP_BYTES).toString("utf8"),
            },
          }),
        );
        res.on("error", (err: NodeJS.ErrnoException) =>
          finish({ ok: false, failure: "reset", message: `${err.code ?? "error"}: ${err.message}` }),
        );
        res.on("aborted", () => finish({ ok: false, failure: "reset", message: "answer aborted" }));
      });
      req.end(body ?? undefined);
    });
  }

  return {
    post,
    async close() {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}
