/**
 * A throwaway PostgreSQL server from Debian's `postgresql` package: a new cluster in a temporary
 * folder on a free port of 127.0.0.1, trusted local connections, no fsync (its data is gone when it
 * stops). Used by `npm run stack -- --postgres`, `npm run bench:indexer` and the indexer's tests.
 * As root, the package is installed first when the machine has none (apt-get), and the server runs
 * as the `postgres` user the package creates (PostgreSQL refuses to run as root).
 *
 * Built-in modules only: `scripts/stack.ts` loads it with plain Node (type stripping).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface PostgresServer {
  /** `postgresql://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  /** Stops the server and removes its folder (also done when this process exits). */
  stop(): Promise<void>;
}

/** The newest installed PostgreSQL's bin folder (`/usr/lib/postgresql/<version>/bin`), if any. */
export function postgresBin(): string | undefined {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length === 0 ? undefined : path.join(base, versions[0], "bin");
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a new server (installing Debian's package first, as root, when none is installed). */
export async function startPostgresServer(): Promise<PostgresServer> {
  let bin = postgresBin();
  if (bin === undefined) {
    if (process.getuid?.() !== 0) {
      throw new Error("PostgreSQL is not installed: install Debian's postgresql package (apt-get install postgresql)");
    }
    execFileSync("apt-get", ["update", "-qq"], { stdio: "ignore", timeout: 300_000 });
    execFileSync("apt-get", ["install", "-y", "-qq", "postgresql"], {
      stdio: "ignore",
      timeout: 600_000,
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    });
    bin = postgresBin();
    if (bin === undefined) throw new Error("apt-get installed postgresql but no initdb was found");
  }
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(os.tmpdir(), "galeon-pg-"));
  chmodSync(dir, 0o777);
  const data = path.join(dir, "data");
  const port = await freePort();
  const run = (command: string, args: string[]) => {
    const [file, argv] = root ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
    const result = spawnSync(file, argv, { encoding: "utf8", timeout: 120_000 });
    if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
  };
  run(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  run(path.join(bin, "pg_ctl"), [
    "-D",
    data,
    "-l",
    path.join(dir, "server.log"),
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    "-w",
    "start",
  ]);
  // Whatever ends this process, the server does not outlive it.
  const stopNow = () => {
    try {
      run(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {
      // Already stopped.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", stopNow);
  const stop = async () => {
    process.off("exit", stopNow);
    stopNow();
  };
  return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, stop };
}
