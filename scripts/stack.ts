/**
 * `npm run stack`: the whole read side on one machine, from a fresh clone after `npm ci`
 * (docs/dashboard.md). It compiles (when needed), starts a Hardhat node, deploys `LocalSuite` with the
 * Ignition CLI, seeds a history (scripts/seed.ts), starts the indexer with its API, the dashboard and
 * the wallet app, and prints their URLs. Ctrl-C stops everything it started and removes what it wrote (the
 * deployment folder, the indexer's database, the logs).
 *
 * Plain Node (type stripping, built-in modules only), so that it runs before anything is compiled.
 * Exit codes: 0 stopped by Ctrl-C (or SIGTERM); 1 a step failed; 2 bad option; 3 a port is taken.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, rmdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.resolve(import.meta.dirname, "..");
const require = createRequire(import.meta.url);
const HARDHAT_CLI = path.join(path.dirname(require.resolve("hardhat/package.json")), "dist/src/cli.js");
const INDEXER_CLI = path.join(ROOT, "indexer", "cli.ts");
/** Foundry's anvil for `--node anvil`, pinned like the e2e tests' (test/ts/e2e/harness.ts), fetched by npx. */
const ANVIL_PACKAGE = "@foundry-rs/anvil@1.7.1";
/**
 * Under `npm run coverage` Hardhat hands `HARDHAT_COVERAGE=true` to its children, so this script's
 * `hardhat build` makes the instrumented contracts, several above EIP-170's 24 KB. anvil then starts with the
 * limits the e2e tests lift under coverage (`ANVIL_COVERAGE_ARGS` in test/ts/e2e/harness.ts; this script runs
 * without the test loader, so it spells them out); otherwise it keeps every mainnet limit.
 */
const ANVIL_LIMITS =
  process.env.HARDHAT_COVERAGE === "true" ? ["--disable-code-size-limit", "--disable-block-gas-limit"] : [];

const USAGE = `usage: npm run stack -- [options]

  --purchases N          purchases to seed (default: $GALEON_STACK_PURCHASES or 300)
  --days N               days the seeded history spans (default 30)
  --rpc-port N           the node's port (default 8545)
  --node hardhat|anvil   the local node: Hardhat's (default) or Foundry's anvil, fetched by npx
                         (@foundry-rs/anvil@1.7.1, as the e2e tests run it)
  --port N               the indexer's API and dashboard port (default 42069)
  --deployment-id ID     the Ignition deployment id (default: stack)
  --postgres             index into a PostgreSQL server the stack starts from Debian's postgresql
                         package (in a temporary folder, gone at Ctrl-C) instead of PGlite
`;

function fail(code: number, message: string): never {
  process.stderr.write(`error: ${message}\n${code === 2 ? USAGE : ""}`);
  process.exit(code);
}

function parseArgs(argv: string[]) {
  const options = {
    purchases: process.env.GALEON_STACK_PURCHASES ?? "300",
    days: "30",
    "rpc-port": "8545",
    port: "42069",
    "deployment-id": "stack",
    node: "hardhat",
  };
  let postgres = false;
  const args = [...argv];
  while (args.length > 0) {
    const arg = args.shift()!;
    if (arg === "--help" || arg === "-h") {
      process.stdout.write(USAGE);
      process.exit(0);
    }
    if (arg === "--postgres") {
      postgres = true;
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (match === null || !(match[1] in options)) fail(2, `unknown argument "${arg}"`);
    const value = match[2] ?? args.shift();
    if (value === undefined || value === "") fail(2, `--${match[1]} needs a value`);
    options[match[1] as keyof typeof options] = value;
  }
  for (const name of ["purchases", "days", "rpc-port", "port"] as const) {
    if (!/^[0-9]+$/.test(options[name]) || (name !== "purchases" && Number(options[name]) === 0)) {
      fail(2, `--${name} must be a whole number${name === "purchases" ? "" : " above 0"} (got "${options[name]}")`);
    }
  }
  if (options.node !== "hardhat" && options.node !== "anvil") {
    fail(2, `--node must be hardhat or anvil (got "${options.node}")`);
  }
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(options["deployment-id"])) {
    fail(2, `--deployment-id must be letters, digits, - and _ (got "${options["deployment-id"]}")`);
  }
  return {
    purchases: Number(options.purchases),
    days: Number(options.days),
    rpcPort: Number(options["rpc-port"]),
    port: Number(options.port),
    deploymentId: options["deployment-id"],
    node: options.node as "hardhat" | "anvil",
    postgres,
  };
}

const options = parseArgs(process.argv.slice(2));
const rpcUrl = `http://127.0.0.1:${options.rpcPort}`;
const apiUrl = `http://127.0.0.1:${options.port}`;
const deploymentDir = path.join(ROOT, "deploy", "deployments", options.deploymentId);
const workDir = mkdtempSync(path.join(os.tmpdir(), "galeon-stack-"));
const started = Date.now();
const children = new Set<ChildProcess>();
/** The PostgreSQL server of `--postgres`, once started. */
let database: { url: string; stop(): Promise<void> } | undefined;
let stopping = false;

const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Kills a child's process group (it runs in its own: a terminal's Ctrl-C reaches only us). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Starts a child in its own process group; its output goes to `log` (a file in the work folder). */
function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const log = createWriteStream(path.join(workDir, `${name}.log`));
  const child = spawn(command, args, {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NO_COLOR: "1", ...env },
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

/** The last lines a child wrote to its log. */
function tail(name: string, lines = 30): string {
  try {
    return readFileSync(path.join(workDir, `${name}.log`), "utf8")
      .trimEnd()
      .split("\n")
      .slice(-lines)
      .join("\n");
  } catch {
    return "";
  }
}

/** Runs a step to completion; on failure, prints its output and stops the stack (exit 1). */
async function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const child = start(name, command, args, env);
  let stdout = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  // "close", not "exit": the step's whole output has been read (the seed's summary is its last line).
  const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
  if (stopping) await new Promise(() => undefined); // Ctrl-C during the step: the handler exits
  if (code !== 0) await stop(1, `${name} failed (exit code ${code}):\n${tail(name)}`);
  return stdout;
}

/** Removes the stack's deployment folder, and Ignition's memory of it, and the work folder. */
function cleanUp(): void {
  rmSync(deploymentDir, { recursive: true, force: true });
  try {
    rmdirSync(path.dirname(deploymentDir)); // only when empty
  } catch {
    // Other deployments live there.
  }
  const instances = path.join(ROOT, "cache", ".hardhat-network-instances.json");
  try {
    const known = JSON.parse(readFileSync(instances, "utf8")) as Record<string, string>;
    if (options.deploymentId in known) {
      delete known[options.deploymentId];
      writeFileSync(instances, JSON.stringify(known, null, 2));
    }
  } catch {
    // No cache file.
  }
  rmSync(workDir, { recursive: true, force: true });
}

/** Stops every child (SIGTERM, then SIGKILL after 10 s), cleans up and exits. */
async function stop(code: number, message?: string): Promise<never> {
  stopping = true;
  if (message !== undefined) process.stderr.write(`error: ${message}\n`);
  const running = [...children];
  for (const child of running) killGroup(child, "SIGTERM");
  const deadline = Date.now() + 10_000;
  while (running.some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < deadline) await sleep(100);
  for (const child of running) {
    // The whole group, even when its leader is gone: members it started may remain.
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      // Gone.
    }
  }
  await database?.stop().catch(() => undefined);
  cleanUp();
  if (code === 0) say("stack: stopped; the node, the indexer and the dashboard are gone");
  process.exit(code);
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    say(`\nstack: ${signal === "SIGINT" ? "Ctrl-C" : signal}: stopping`);
    void stop(0);
  });
}

async function portFree(port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** The node's chain id, in decimal. */
async function chainIdOfNode(): Promise<number> {
  return Number(await rpc("eth_chainId"));
}

async function rpc(method: string): Promise<unknown> {
  const response = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: [] }),
    signal: AbortSignal.timeout(5_000),
  });
  return ((await response.json()) as { result?: unknown }).result;
}

/** Waits until `probe` resolves true, or stops the stack when `child` exits or `timeoutMs` passes. */
async function waitUntil(
  what: string,
  child: ChildProcess,
  name: string,
  probe: () => Promise<boolean>,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop(1, `${name} exited before ${what}:\n${tail(name)}`);
    }
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) await stop(1, `${what} took more than ${timeoutMs / 1000} s:\n${tail(name)}`);
    await sleep(250);
  }
}

async function main(): Promise<void> {
  for (const [port, option] of [
    [options.rpcPort, "--rpc-port"],
    [options.port, "--port"],
  ] as const) {
    if (!(await portFree(port))) {
      rmSync(workDir, { recursive: true, force: true });
      fail(
        3,
        `port ${port} on 127.0.0.1 is taken (another node or indexer?): stop it or choose another with ${option}`,
      );
    }
  }
  say(`stack: logs in ${workDir}`);

  let step = Date.now();
  say("stack: compiling (hardhat build)");
  await run("build", process.execPath, [HARDHAT_CLI, "build", "--quiet"]);
  say(`stack: compiled (${seconds(step)})`);

  step = Date.now();
  const node =
    options.node === "anvil"
      ? start("node", "npx", [
          "--yes",
          ANVIL_PACKAGE,
          "--host",
          "127.0.0.1",
          "--port",
          String(options.rpcPort),
          ...ANVIL_LIMITS,
        ])
      : start("node", process.execPath, [
          HARDHAT_CLI,
          "node",
          "--hostname",
          "127.0.0.1",
          "--port",
          String(options.rpcPort),
        ]);
  const nodeName = options.node === "anvil" ? "anvil" : "Hardhat node";
  await waitUntil("the node answered", node, "node", async () => (await rpc("eth_chainId")) !== undefined, 60_000);
  node.on("exit", (code) => {
    if (!stopping) void stop(1, `the ${nodeName} exited (code ${code}):\n${tail("node")}`);
  });
  say(`stack: ${nodeName} on ${rpcUrl} (${seconds(step)})`);

  step = Date.now();
  // A deployment of this id is ours, left by a stack that was killed: its node is gone with it.
  rmSync(deploymentDir, { recursive: true, force: true });
  const env = { GALEON_RPC_URL: rpcUrl, GALEON_DEPLOYMENT_ID: options.deploymentId };
  await run(
    "deploy",
    process.execPath,
    [
      HARDHAT_CLI,
      "ignition",
      "deploy",
      "deploy/modules/LocalSuite.ts",
      "--network",
      "localnode",
      "--parameters",
      "deploy/parameters/local.json",
      "--deployment-id",
      options.deploymentId,
    ],
    { ...env, HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "true" },
  );
  say(`stack: LocalSuite deployed as "${options.deploymentId}" (${seconds(step)})`);

  if (options.postgres) {
    step = Date.now();
    // Plain Node loads the module by its file (type stripping); the type comes from its .js path.
    const { startPostgresServer } = (await import(
      pathToFileURL(path.join(ROOT, "scripts", "lib", "postgresServer.ts")).href
    )) as typeof import("./lib/postgresServer.js");
    try {
      database = await startPostgresServer();
    } catch (error) {
      await stop(1, `PostgreSQL did not start: ${(error as Error).message}`);
    }
    say(`stack: PostgreSQL on ${database!.url} (${seconds(step)})`);
  }

  // The indexer starts now (its database and tables take a while) and follows the seeding live.
  const indexerStarted = Date.now();
  const indexer = start("indexer", process.execPath, [
    "--experimental-strip-types",
    "--no-warnings=ExperimentalWarning",
    INDEXER_CLI,
    "start",
    "--rpc",
    rpcUrl,
    "--deployment-id",
    options.deploymentId,
    ...(database === undefined
      ? ["--pglite", path.join(workDir, "pglite")]
      : ["--database-url", database.url, "--schema", "galeon_stack"]),
    "--port",
    String(options.port),
    "--polling-ms",
    "500",
  ]);
  indexer.on("exit", (code) => {
    if (!stopping) void stop(1, `the indexer exited (code ${code}):\n${tail("indexer")}`);
  });
  step = Date.now();
  say(`stack: seeding ${options.purchases} purchases over ${options.days} days (scripts/seed.ts)`);
  const seeded = JSON.parse(
    (
      await run("seed", process.execPath, [HARDHAT_CLI, "run", "scripts/seed.ts"], {
        ...env,
        GALEON_SEED_PURCHASES: String(options.purchases),
        GALEON_SEED_DAYS: String(options.days),
      })
    )
      .trim()
      .split("\n")
      .at(-1)!,
  ) as { lastBlock: number; purchases: number; claims: number; buybacks: number; jobs: { funded: number } };
  say(
    `stack: seeded ${seeded.purchases} purchases, ${seeded.claims} claims, ${seeded.buybacks} buy-backs, ` +
      `${seeded.jobs.funded} metered jobs and two proposals up to block ${seeded.lastBlock} (${seconds(step)})`,
  );

  const indexedTo = async () => {
    const response = await fetch(`${apiUrl}/status`, { signal: AbortSignal.timeout(5_000) });
    const status = (await response.json()) as Record<string, { block?: { number: number } }>;
    return Object.values(status)[0]?.block?.number ?? 0;
  };
  await waitUntil(
    "the indexer caught up",
    indexer,
    "indexer",
    async () => (await indexedTo()) >= seeded.lastBlock,
    900_000,
  );
  say(`stack: indexer on ${apiUrl} at block ${seeded.lastBlock} (${seconds(indexerStarted)} since it started)`);

  say("");
  say(`  Dashboard: ${apiUrl}/dashboard/`);
  say(`  App:       ${apiUrl}/app/ (connect a browser wallet to chain ${await chainIdOfNode()}, ${rpcUrl})`);
  say(`  API:       ${apiUrl}/api/totals (docs/indexer.md)`);
  const rpcEnv = options.rpcPort === 8545 ? "" : `GALEON_RPC_URL=${rpcUrl} `;
  say(
    `  Node:      ${rpcUrl} (${rpcEnv}npx hardhat galeon status --network localnode --deployment-id ${options.deploymentId})`,
  );
  say("");
  say(`stack: ready in ${seconds(started)}; Ctrl-C stops everything`);
}

if (!existsSync(HARDHAT_CLI)) fail(3, "Hardhat is not installed: run npm ci first");
await main();
