// vitest globalSetup: one throwaway PostgreSQL cluster for the whole run; each test file makes its own
// database in it (test/support/pg.ts). Stopped and removed when the run ends, failed or not.
import type { TestProject } from "vitest/node";
import { startPostgresCluster } from "./postgres-cluster";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const cluster = await startPostgresCluster();
  const stopOnSignal = () => {
    cluster.stop();
    process.exit(130);
  };
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);
  project.provide("postgresUrl", cluster.url);
  return () => {
    process.off("SIGINT", stopOnSignal);
    process.off("SIGTERM", stopOnSignal);
    cluster.stop();
  };
}
