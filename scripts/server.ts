// npm start — the production web server. Next answers every request as `next start` would, except
// the visitor API's two busiest routes (app/api/direct-routes.ts), which the same endpoint definitions
// answer straight from Node's request: Next's router alone costs more CPU per request than they do. With
// WEB_CONCURRENCY > 1 it runs that many server processes on the one port (Node's cluster).
import "./allow-server-only";
import "./production-by-default";
import cluster from "node:cluster";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { env } from "../lib/env.mjs";
import { resourceHeaders, siteMode } from "../lib/http/security-headers.mjs";
import { enablePeerStamps, stampPeer } from "../lib/http/client-address";

if (env.NODE_ENV !== "production") {
  console.error(`npm start serves a production build (NODE_ENV is ${env.NODE_ENV}); use npm run dev while developing.`);
  process.exit(1);
}

const origin = `http://localhost:${env.PORT}`;

/**
 * Node's own defaults let a slow client hold a request open for 5 minutes. Headers are small; a whole
 * request gets a minute, enough for the 10 MB subscriptions import on a slow uplink.
 */
const SERVER_TIMEOUTS = { headersMs: 10_000, requestMs: 60_000, keepAliveMs: 5_000 };

async function serve(): Promise<void> {
  // the database first (SQLite or PostgreSQL, migrated): without it there is nothing to serve
  const { initServerContext } = await import("../lib/server-context");
  await initServerContext();
  const { default: next } = await import("next");
  const app = next({ dev: false, port: env.PORT });
  const nextHandler = app.getRequestHandler();
  // What next.config.mjs adds to /api answers, decided here when the server starts.
  const apiHeaders = resourceHeaders(siteMode(env));
  await app.prepare();
  // Imported only now: the route modules load next-auth, which needs the request storage Next sets up in prepare().
  const { directRoute } = await import("../app/api/direct-routes");
  const { directDispatch } = await import("../lib/http/node-transport");

  // Requests Next answers carry the socket's address in a header only this process can write
  // (lib/http/client-address.ts): route handlers, actions and Auth.js cannot see the socket themselves.
  enablePeerStamps();
  const fallback = (req: IncomingMessage, res: ServerResponse) => {
    stampPeer(req.headers, req.socket.remoteAddress);
    void nextHandler(req, res);
  };
  const server = createServer(
    {
      // a client that trickles its headers or body is cut off instead of holding a connection for ever
      headersTimeout: SERVER_TIMEOUTS.headersMs,
      requestTimeout: SERVER_TIMEOUTS.requestMs,
      keepAliveTimeout: SERVER_TIMEOUTS.keepAliveMs,
      // how often Node checks those limits (its default, 30 s, would let a slow client run over by as much)
      connectionsCheckingInterval: 1_000,
    },
    directDispatch({ route: directRoute, fallback, headers: apiHeaders }),
  );
  server.on("error", (error: NodeJS.ErrnoException) => {
    // the port is taken (another npm start?) or not ours to use: a server that cannot listen must not
    // linger with its inline sender running
    console.error(
      `[server] cannot listen on port ${env.PORT}: ${error.code === "EADDRINUSE" ? "it is already in use" : error.message}`,
    );
    process.exit(1);
  });
  server.listen(env.PORT, () =>
    console.log(`[server] ${process.pid} ready on ${origin} (build ${env.NEXT_DIST_DIR ?? ".next"})`),
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`[server] ${process.pid} ${signal}: closing`);
    server.close();
    server.closeIdleConnections();
    // An inline sender (instrumentation.ts) hears the same signal, lets its requests in flight land
    // and then exits the process itself; without one, the process ends here.
    const inlineSender = (globalThis as { pushboardInlineSender?: unknown }).pushboardInlineSender;
    void app.close().finally(() => {
      if (!inlineSender) process.exit(0);
      setTimeout(() => process.exit(0), 30_000).unref();
    });
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

/** Keeps WEB_CONCURRENCY server processes running, and passes a stop signal on to them. */
function supervise(count: number): void {
  let stopping = false;
  const listening = new WeakSet<object>();
  const start = () =>
    cluster.fork().once("listening", function (this: object) {
      listening.add(this);
    });
  for (let i = 0; i < count; i++) start();
  cluster.on("exit", (worker, code, signal) => {
    if (!stopping && !listening.has(worker)) {
      // it never came up (a bad build or configuration): restarting would only repeat that
      console.error(`[server] process ${worker.process.pid} failed to start (${signal ?? code}); stopping`);
      stopping = true;
      process.exitCode = 1;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGTERM");
    }
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    console.error(`[server] process ${worker.process.pid} ended (${signal ?? code}); starting another`);
    setTimeout(start, 1_000);
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      stopping = true;
      console.log(`[server] ${signal}: stopping ${count} server processes`);
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    });
  }
}

if (cluster.isPrimary && env.WEB_CONCURRENCY > 1) supervise(env.WEB_CONCURRENCY);
else
  serve().catch((error: unknown) => {
    // a database that cannot be reached is one line naming it (lib/db/open.ts), not a stack trace
    if ((error as Error)?.name === "DatabaseUnavailableError") console.error(`[server] ${(error as Error).message}`);
    else console.error("[server] could not start:", error);
    process.exit(1);
  });
