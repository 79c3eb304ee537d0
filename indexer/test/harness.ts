/**
 * Test harness of the indexer: the indexer as a user starts it (`npm run indexer -- start ...`, i.e.
 * `indexer/cli.ts`), on PGlite or on a real PostgreSQL server that this harness installs (Debian's
 * `postgresql` package, when missing) and starts in a temporary folder. Every process runs in its own
 * process group, is killed on stop and when the test process exits, and has a bounded lifetime.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { type PostgresServer, startPostgresServer } from "../../scripts/lib/postgresServer.js";

import {
  freePort,
  hardhat,
  type LocalSuiteOnNode,
  ROOT,
  rpc,
  sleep,
  startLocalSuite,
} from "../../test/ts/e2e/harness.js";

const CLI = path.join(ROOT, "indexer", "cli.ts");
const live = new Set<ChildProcess>();
let safetyNet = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already exited.
  }
}

function track(child: ChildProcess): ChildProcess {
  if (!safetyNet) {
    safetyNet = true;
    process.on("exit", () => {
      for (const c of live) killGroup(c, "SIGKILL");
    });
  }
  live.add(child);
  child.on("exit", () => live.delete(child));
  return child;
}

/** Indexing rates from the indexer's JSON log: backfill (block ranges) and live (block by block). */
export function indexingRates(log: string): { backfill: Rate; live: Rate } {
  const backfill = { events: 0, ms: 0, blocks: 0 };
  const live = { events: 0, ms: 0, blocks: 0 };
  for (const line of log.split("\n")) {
    if (!line.startsWith("{")) continue;
    let entry: { msg?: string; event_count?: number; duration?: number; block_range?: string };
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if (entry.msg === "Indexed block range") {
      const [from, to] = JSON.parse(entry.block_range ?? "[0,0]") as [number, number];
      backfill.events += entry.event_count ?? 0;
      backfill.ms += entry.duration ?? 0;
      backfill.blocks += to - from + 1;
    } else if (entry.msg === "Indexed block") {
      live.events += entry.event_count ?? 0;
      live.ms += entry.duration ?? 0;
      live.blocks += 1;
    }
  }
  return { backfill, live };
}

export interface Rate {
  events: number;
  ms: number;
  blocks: number;
}

export type Database = { kind: "pglite"; dir: string } | { kind: "postgres"; url: string; schema: string };

export interface IndexerProcess {
  url: string;
  database: Database;
  /** The launcher's process id: the leader of the indexer's process group (Ponder runs in it). */
  pid: number;
  /** The last lines the indexer printed (for failure messages). */
  output(): string;
  /** GET a path of the API; JSON bodies parsed. */
  get(pathname: string): Promise<{ status: number; body: any; text: string; headers: Headers }>;
  /** POSTs a GraphQL query; throws on GraphQL errors. */
  graphql(query: string): Promise<any>;
  /** The indexed head (`/status`), or undefined before the first block. */
  head(): Promise<number | undefined>;
  /** Waits until the indexed head reaches `block`; returns the milliseconds waited. */
  waitFor(block: number, timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

/** Starts `npm run indexer -- start` (the launcher itself) for `deploymentId` on the node at `rpcUrl`. */
export async function startIndexer(rpcUrl: string, deploymentId: string, database: Database): Promise<IndexerProcess> {
  const port = await freePort();
  const args = [
    "--experimental-strip-types",
    "--no-warnings=ExperimentalWarning",
    CLI,
    "start",
    "--rpc",
    rpcUrl,
    "--deployment-id",
    deploymentId,
    "--port",
    String(port),
    "--polling-ms",
    "200",
    "--log-format",
    "json",
    ...(database.kind === "pglite"
      ? ["--pglite", database.dir]
      : ["--database-url", database.url, "--schema", database.schema]),
  ];
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.DATABASE_SCHEMA;
  // The CSV statement streamed from the database 3 rows at a time: many pages on a small history.
  env.GALEON_INDEXER_CSV_PAGE_ROWS ??= "3";
  const child = track(
    spawn(process.execPath, args, { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"], env }),
  );
  let output = "";
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-500_000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.unref();
  for (const stream of [child.stdout, child.stderr]) (stream as { unref?: () => void } | null)?.unref?.();
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const get = async (pathname: string) => {
    const response = await fetch(url + pathname, { signal: AbortSignal.timeout(30_000) });
    const text = await response.text();
    let body: unknown = undefined;
    if ((response.headers.get("content-type") ?? "").includes("json")) body = JSON.parse(text);
    return { status: response.status, body, text, headers: response.headers };
  };
  const graphql = async (query: string) => {
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as { data?: unknown; errors?: Array<{ message: string }> };
    if (body.errors !== undefined) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join("; ")}`);
    return body.data;
  };
  const head = async () => {
    try {
      const status = (await get("/status")).body as Record<string, { block: { number: number } }> | undefined;
      return status?.suite?.block.number;
    } catch {
      return undefined;
    }
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    killGroup(child, "SIGTERM");
    const gone = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
    if (!gone) killGroup(child, "SIGKILL");
  };
  const waitFor = async (block: number, timeoutMs = 400_000) => {
    const start = Date.now();
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the indexer exited with code ${child.exitCode}:\n${output}`);
      const indexed = await head();
      if (indexed !== undefined && indexed >= block) return Date.now() - start;
      if (Date.now() - start > timeoutMs) {
        throw new Error(
          `the indexer reached block ${indexed} of ${block} in ${timeoutMs} ms:\n${output.slice(-4_000)}`,
        );
      }
      await sleep(200);
    }
  };
  return { url, database, pid: child.pid!, output: () => output, get, graphql, head, waitFor, stop };
}

/* PostgreSQL: a real server in a temporary folder */

export type { PostgresServer };

/**
 * `GALEON_TEST_DATABASE_URL` when set (an existing server); otherwise a new PostgreSQL cluster in a
 * temporary folder on a free port (scripts/lib/postgresServer.ts), installed first with apt-get when
 * the machine has none. Postgres refuses to run as root: as root, the cluster runs as the `postgres`
 * user the package creates.
 */
export async function startPostgres(): Promise<PostgresServer> {
  if (process.env.GALEON_TEST_DATABASE_URL) {
    return { url: process.env.GALEON_TEST_DATABASE_URL, stop: async () => undefined };
  }
  try {
    return await startPostgresServer();
  } catch (error) {
    const message = (error as Error).message;
    throw /not installed/.test(message) ? new Error(`${message}, or set GALEON_TEST_DATABASE_URL`) : error;
  }
}

/**
 * The local suite on a new anvil node (`startLocalSuite`); or, to iterate on the tests without
 * redeploying, on the node at `GALEON_INDEXER_TEST_RPC` where the local suite is deployed as
 * `GALEON_INDEXER_TEST_DEPLOYMENT`: that node is put back to the state of the first run (anvil
 * snapshot) and left running.
 */
export async function localSuite(label: string): Promise<LocalSuiteOnNode> {
  const url = process.env.GALEON_INDEXER_TEST_RPC;
  const deploymentId = process.env.GALEON_INDEXER_TEST_DEPLOYMENT;
  if (url === undefined || url === "" || deploymentId === undefined) return await startLocalSuite("anvil", label);
  const file = path.join(ROOT, "deploy", "deployments", deploymentId, "deployed_addresses.json");
  const addresses = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  const snapshotFile = path.join(os.tmpdir(), `galeon-indexer-snapshot-${deploymentId}`);
  if (existsSync(snapshotFile)) await rpc(url, "evm_revert", [readFileSync(snapshotFile, "utf8")]);
  writeFileSync(snapshotFile, String(await rpc(url, "evm_snapshot")));
  const address = (name: string) => addresses[Object.keys(addresses).find((id) => id.endsWith(`#${name}`))!];
  const cli = (...args: string[]) => hardhat(["--network", "localnode", ...args, "--deployment-id", deploymentId], url);
  const stop = async () => undefined;
  return { node: { kind: "anvil", url, stop }, deploymentId, addresses, address, cli, stop };
}
