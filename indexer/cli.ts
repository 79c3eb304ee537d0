/**
 * `npm run indexer -- [start|serve] [options]`: runs the Ponder indexer of the Galeon suite (see
 * docs/indexer.md). Options become the environment `ponder.config.ts` reads; Ponder runs with
 * `indexer/` as its root and working directory, its telemetry off, on 127.0.0.1 by default.
 *
 * Exit codes: those of Ponder; 2 for a malformed option (nothing started).
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const INDEXER_DIR = path.dirname(fileURLToPath(import.meta.url));
// ponder's package entry is dist/esm/index.js; its command line is dist/esm/bin/ponder.js.
const PONDER_BIN = path.join(path.dirname(fileURLToPath(import.meta.resolve("ponder"))), "bin", "ponder.js");

const USAGE = `usage: npm run indexer -- [start|serve] [options]

  start                  index the deployment and serve the API (default)
  serve                  serve the API from a database another indexer fills

  --rpc URL              JSON-RPC endpoint (default: $GALEON_RPC_URL or http://127.0.0.1:8545)
  --deployment-id ID     Ignition deployment under deploy/deployments/ (default: chain-<chainId>)
  --database-url URL     PostgreSQL (default: $DATABASE_URL; without one, PGlite in indexer/.ponder/pglite)
  --pglite DIR           PGlite data folder (default: indexer/.ponder/pglite)
  --schema NAME          database schema of this indexer (default: $DATABASE_SCHEMA or galeon)
  --fresh                delete the PGlite folder first (re-index from the deployment block)
  --port N               HTTP port (default: 42069)
  --host HOST            HTTP address (default: 127.0.0.1; 0.0.0.0 to serve other machines)
  --polling-ms N         how often to ask the node for new blocks (default: 1000)
  --rpc-lanes N          the RPC URL as N endpoints, each paced by Ponder from 20 requests/s
                         (default: 25 for a node on this machine, 1 for a remote one)
  --log-level LEVEL      error, warn, info (default) or debug
  --log-format FORMAT    pretty (default) or json
`;

const VALUE_OPTIONS = new Set([
  "rpc",
  "deployment-id",
  "database-url",
  "pglite",
  "schema",
  "port",
  "host",
  "polling-ms",
  "rpc-lanes",
  "log-level",
  "log-format",
]);

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n${USAGE}`);
  process.exit(2);
}

export function parseArgs(argv: string[]): { command: "start" | "serve"; options: Map<string, string> } {
  let command: "start" | "serve" = "start";
  const options = new Map<string, string>();
  const args = [...argv];
  if (args[0] === "start" || args[0] === "serve") command = args.shift() as "start" | "serve";
  while (args.length > 0) {
    const arg = args.shift()!;
    if (arg === "--help" || arg === "-h") {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    if (arg === "--fresh") {
      options.set("fresh", "true");
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (match === null || !VALUE_OPTIONS.has(match[1])) fail(`unknown argument "${arg}"`);
    const value = match[2] ?? args.shift();
    if (value === undefined || value === "") fail(`--${match[1]} needs a value`);
    options.set(match[1], value);
  }
  for (const name of ["port", "polling-ms", "rpc-lanes"]) {
    const value = options.get(name);
    if (value !== undefined && !/^[1-9][0-9]*$/.test(value))
      fail(`--${name} must be a positive integer (got "${value}")`);
  }
  const schema = options.get("schema");
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,44}$/.test(schema)) {
    fail(`--schema must be lowercase letters, digits and _, at most 45 characters (got "${schema}")`);
  }
  return { command, options };
}

function main(): void {
  const { command, options } = parseArgs(process.argv.slice(2));
  const env: NodeJS.ProcessEnv = { ...process.env, PONDER_TELEMETRY_DISABLED: "true" };
  const set = (variable: string, option: string) => {
    const value = options.get(option);
    if (value !== undefined) env[variable] = value;
  };
  set("GALEON_RPC_URL", "rpc");
  set("GALEON_DEPLOYMENT_ID", "deployment-id");
  set("DATABASE_URL", "database-url");
  set("GALEON_POLLING_MS", "polling-ms");
  set("GALEON_RPC_LANES", "rpc-lanes");
  if (options.has("pglite")) env.GALEON_INDEXER_PGLITE = path.resolve(options.get("pglite")!);
  env.DATABASE_SCHEMA = options.get("schema") ?? env.DATABASE_SCHEMA ?? "galeon";
  if (options.has("fresh")) {
    if (env.DATABASE_URL) fail("--fresh only deletes a PGlite folder: with PostgreSQL, use a new --schema");
    rmSync(env.GALEON_INDEXER_PGLITE ?? path.join(INDEXER_DIR, ".ponder", "pglite"), { recursive: true, force: true });
  }
  const ponderArgs = [
    PONDER_BIN,
    "--root",
    INDEXER_DIR,
    "--log-format",
    options.get("log-format") ?? "pretty",
    ...(options.has("log-level") ? ["--log-level", options.get("log-level")!] : []),
    command,
    "--port",
    options.get("port") ?? "42069",
    "--hostname",
    options.get("host") ?? "127.0.0.1",
  ];
  const child = spawn(process.execPath, ponderArgs, { cwd: INDEXER_DIR, env, stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => process.exit(code ?? (signal === null ? 1 : 128)));
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
