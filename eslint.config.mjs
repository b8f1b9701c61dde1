import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", ".next-*/**", "test/.artifacts/**", "node_modules/**", "drizzle/**", "next-env.d.ts", "test/.artifacts/**", "playwright-report/**", "test-results/**"],
  },
];

export default config;
