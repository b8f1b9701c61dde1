// A throwaway PostgreSQL cluster for the test run: initdb in a temporary folder, its own port and socket,
// stopped and removed at the end (also when tests fail). No Docker, no shared server, no mock: the real
// postgres binary of this machine. Where it is missing, Debian's package is installed when we can (root +
// apt), as test/e2e/ensure-browser.mjs does for the browsers; otherwise the error names the fix.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export type PostgresCluster = {
  url: string;
  port: number;
  dir: string;
  stop: () => void;
  /** Stops the server as a crash or an outage would (clients see their connections cut), keeping the data. */
  down: () => void;
  /** Starts it again on the same port and data. */
  up: () => void;
};

const SEARCH_ROOT = "/usr/lib/postgresql";

/** The bin folder of the newest PostgreSQL on this machine (PG_BIN overrides), or null. */
export function findPostgresBin(): string | null {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) return existsSync(path.join(fromEnv, "initdb")) ? fromEnv : null;
  if (!existsSync(SEARCH_ROOT)) return null;
  const versions = readdirSync(SEARCH_ROOT)
    .filter((v) => existsSync(path.join(SEARCH_ROOT, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(SEARCH_ROOT, versions[0], "bin") : null;
}

const isRoot = () => process.getuid?.() === 0;

function ensurePostgresBin(): string {
  let bin = findPostgresBin();
  if (!bin && isRoot() && existsSync("/usr/bin/apt-get")) {
    console.log("Installing Debian's postgresql package for the database tests (apt-get install -y postgresql)…");
    spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    spawnSync("apt-get", ["install", "-y", "-qq", "postgresql"], {
      stdio: "inherit",
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    bin = findPostgresBin();
  }
  if (!bin) {
    throw new Error(
      "The database tests need PostgreSQL and none was found. Fix it with:\n" +
        "  sudo apt-get install -y postgresql      (Debian/Ubuntu)\n" +
        "or point PG_BIN at a folder holding initdb, pg_ctl and postgres.",
    );
  }
  return bin;
}

/** A TCP port nobody listens on right now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * initdb refuses to run as root: as root the cluster belongs to the `postgres` system user (which the
 * Debian package creates), otherwise to whoever runs the tests.
 */
function runAsOwner(bin: string, command: string, args: string[]) {
  const file = path.join(bin, command);
  const [cmd, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", file, ...args]] : [file, args];
  return execFileSync(cmd, argv, { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
}

/**
 * `durable`: commits are flushed before they are acknowledged, as on a real server, so a crash (down())
 * keeps every committed transaction. Off by default: a thrown-away test cluster does not need it.
 */
export async function startPostgresCluster(options: { durable?: boolean } = {}): Promise<PostgresCluster> {
  const bin = ensurePostgresBin();
  const dir = mkdtempSync(path.join(os.tmpdir(), "pushboard-pg-"));
  const data = path.join(dir, "data");
  if (isRoot()) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const port = await freePort();
  const stop = () => {
    try {
      runAsOwner(bin, "pg_ctl", ["stop", "-D", data, "-m", "immediate", "-s"]);
    } catch {
      // not running (a failed start): nothing to stop
    }
    rmSync(dir, { recursive: true, force: true });
  };
  let serverOptions = "";
  const up = () =>
    runAsOwner(bin, "pg_ctl", [
      "start",
      "-D",
      data,
      "-w",
      "-s",
      "-l",
      path.join(dir, "server.log"),
      "-o",
      serverOptions,
    ]);
  const down = () => runAsOwner(bin, "pg_ctl", ["stop", "-D", data, "-m", "immediate", "-s"]);
  try {
    runAsOwner(bin, "initdb", ["-D", data, "-U", "pushboard", "--auth=trust", "-E", "UTF8", "--no-sync", "-N"]);
    // durability off unless asked for: a test cluster is thrown away, and fsync would dominate the run
    // time (but with it off, a crash loses the last commits, which a crash test must not see)
    serverOptions = [
      `-p ${port}`,
      "-c listen_addresses=127.0.0.1",
      `-c unix_socket_directories=${dir}`,
      ...(options.durable ? [] : ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]),
      "-c max_connections=200",
    ].join(" ");
    up();
  } catch (error) {
    stop();
    const output = error instanceof Error && "stderr" in error ? String((error as { stderr: unknown }).stderr) : "";
    throw new Error(`Could not start a test PostgreSQL cluster in ${dir}: ${output || String(error)}`);
  }
  return {
    url: `postgres://pushboard@127.0.0.1:${port}/postgres`,
    port,
    dir,
    stop,
    down: () => void down(),
    up: () => void up(),
  };
}
