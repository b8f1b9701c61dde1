// npm start serves a production build, so it runs in production unless told otherwise: `npm run build
// && npm start` must work with no NODE_ENV set (as `next start` does). An explicit NODE_ENV=development
// still stops it, with a message, in server.ts. Imported before lib/env.mjs reads the environment.
const environment = process.env as Record<string, string | undefined>; // Next types NODE_ENV read-only
environment.NODE_ENV ??= "production";
