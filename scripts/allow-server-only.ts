// Server modules import "server-only" so that Next's build fails if one of them ever reaches a client
// bundle. Node resolves that marker package to a module that throws (only React's "react-server"
// condition maps it to an empty one), so the processes that load those modules outside Next's bundle —
// npm start's direct routes and npm run worker — map it to the empty module here, first of all imports.
import Module from "node:module";
import path from "node:path";

const EMPTY = path.join(path.dirname(require.resolve("server-only")), "empty.js");
type Resolve = (request: string, ...rest: unknown[]) => string;
const modules = Module as unknown as { _resolveFilename: Resolve };
const resolve = modules._resolveFilename;
modules._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
  return request === "server-only" ? EMPTY : resolve.call(this, request, ...rest);
};
