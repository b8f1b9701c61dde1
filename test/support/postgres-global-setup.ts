// vitest globalSetup: one throwaway PostgreSQL cluster for the whole run; each test file makes its own
// database in it (test/support/pg.ts). Stopped and removed when the run ends, failed or not.
import type { TestProject } from "vitest/node";
import pg from "pg";
import { migratePostgres, openPostgres } from "../../lib/db/pg-client";
import { startPostgresCluster } from "./postgres-cluster";

/** Migrated once per run; every database test copies it (test/support/databases.ts). */
export const TEMPLATE_DATABASE = "pushboard_template";

async function createTemplate(serverUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  const db = openPostgres(serverUrl.replace(/\/[^/]*$/, `/${TEMPLATE_DATABASE}`), { max: 1 });
  try {
    await migratePostgres(db);
  } finally {
    await db.$client.end();
  }
}

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
  try {
    await createTemplate(cluster.url);
  } catch (error) {
    cluster.stop();
    throw error;
  }
  project.provide("postgresUrl", cluster.url);
  return () => {
    process.off("SIGINT", stopOnSignal);
    process.off("SIGTERM", stopOnSignal);
    cluster.stop();
  };
}
