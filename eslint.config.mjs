import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The house rules a linter can hold (../shared/docs/conventions.md), so they hold without anyone
// remembering them. Formatting is Prettier's job (npm run format:check), not ESLint's.

const HTTP_METHOD = "/^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)$/";

/** Entry points are declared through the one pipeline (lib/http/endpoint.ts, lib/http/action.ts). */
const declaredOnly = (files, what, callee) => ({
  files,
  rules: {
    "no-restricted-syntax": [
      "error",
      {
        selector: "ExportNamedDeclaration > FunctionDeclaration",
        message: `Declare ${what} with ${callee.replaceAll('"', "")}(…) instead of exporting a function: the pipeline checks the caller, validates, limits and maps errors.`,
      },
      {
        selector: `ExportNamedDeclaration > VariableDeclaration > VariableDeclarator${what === "route handlers" ? `[id.name=${HTTP_METHOD}]` : ""}:not([init.callee.name=${callee}])`,
        message: `Declare ${what} with ${callee.replaceAll('"', "")}(…): the pipeline checks the caller, validates, limits and maps errors.`,
      },
    ],
  },
});

// The SQLite adapter itself may use better-sqlite3's executors: the sync hot paths and their tools.
const SQLITE_ADAPTER = [
  "lib/db/backup.ts",
  "lib/db/copy-stores.ts",
  "lib/db/group-commit.ts",
  "lib/db/migrate.ts",
  "lib/db/prepared.ts",
  "lib/db/sqlite-async.ts",
];

// Files still on the sync better-sqlite3 API (lib/db/client.ts), until their domain is async.
const LEGACY_SYNC = [
  "lib/audience/compile-sync.ts",
  "lib/campaigns/lifecycle-sync.ts",
  "lib/sender/campaign-states.ts",
  "lib/sender/runner.ts",
  "lib/settings/store-sync.ts",
  "lib/subscriptions/queries-sync.ts",
  "lib/topics/queries-sync.ts",
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      ".next-*/**",
      "test/.artifacts/**",
      "node_modules/**",
      "drizzle/**",
      "next-env.d.ts",
      "playwright-report/**",
      "test-results/**",
    ],
  },
  {
    // lib/env.mjs is the one reader of the environment: a bad value fails at start, with its name
    files: ["app/**", "components/**", "lib/**", "proxy.ts", "public/**"],
    ignores: ["lib/env.mjs"],
    rules: {
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read configuration from lib/env.mjs (validated once, at start).",
        },
      ],
    },
  },
  {
    // data flows one way: lib/ never reaches up into the transport or the UI
    files: ["lib/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/app/*", "@/components/*", "**/app/*", "**/components/*"],
              message: "lib/ is framework-free logic: it must not import app/ or components/.",
            },
          ],
        },
      ],
    },
  },
  {
    // one domain layer for SQLite and PostgreSQL (lib/db/app-db.ts): await a query, never call the SQLite
    // builder's own executors, which PostgreSQL's builder lacks. LEGACY_SYNC lists the files still on the
    // sync SQLite API; the list only shrinks.
    files: ["lib/**/*.ts", "app/**/*.ts", "app/**/*.tsx"],
    ignores: [...SQLITE_ADAPTER, ...LEGACY_SYNC],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[arguments.length=0] > MemberExpression.callee[property.name=/^(all|get|run)$/]",
          message: "Await the query instead (lib/db/app-db.ts): .all(), .get() and .run() exist on SQLite only.",
        },
      ],
    },
  },
  declaredOnly(["app/**/route.ts"], "route handlers", '"defineEndpoint"'),
  declaredOnly(["app/**/actions.ts"], "server actions", "/^define(Form)?Action$/"),
];

export default config;
