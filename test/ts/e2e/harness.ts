/**
 * End-to-end harness: separate node processes (the Hardhat node, Foundry's anvil from npm) on a
 * free loopback port, and the Hardhat CLI run as a user runs it. Every process gets its own process
 * group and a bounded lifetime, and is killed on stop, on timeout and when the test process exits.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFile, rm, rmdir, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";

const require = createRequire(import.meta.url);

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const HARDHAT_CLI = path.join(path.dirname(require.resolve("hardhat/package.json")), "dist/src/cli.js");

/** Pinned like a dependency, fetched by npx at test time (not in package.json: see the README). */
export const ANVIL_PACKAGE = "@foundry-rs/anvil@1.7.1";

/**
 * The ten standard development accounts both nodes unlock (anvil unlocks exactly ten). Local roles
 * (deploy/parameters/local.json): 0 operator and Galeon payout, 1 attestor, 2 buyer, 3..7 the payouts
 * of hospitals 1..5, 8 a second $GALEON holder, 9 the guardian.
 */
export const DEV_ACCOUNTS = [
  "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
  "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
  "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
  "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
  "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
  "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
  "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
] as const;

const live = new Set<ChildProcess>();

/** Kills a child's whole process group (npx → sh → node → anvil), ignoring one already gone. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already exited.
  }
}

let safetyNet = false;

/**
 * A safety net, installed with the first child: whatever ends the test run (normal exit, a thrown
 * error, Ctrl-C, a kill), no child outlives it. Children run in their own process group, so a
 * terminal's Ctrl-C does not reach them by itself.
 */
function installSafetyNet(): void {
  if (safetyNet) return;
  safetyNet = true;
  const killAll = () => {
    for (const child of live) killGroup(child, "SIGKILL");
  };
  process.on("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      killAll();
      process.kill(process.pid, signal);
    });
  }
}

function track(child: ChildProcess): ChildProcess {
  installSafetyNet();
  live.add(child);
  child.on("exit", () => live.delete(child));
  return child;
}

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released). */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/**
 * True when this test run measures coverage (`npm run coverage`, i.e. `hardhat test --coverage`).
 * Hardhat hands its global options to child processes as environment variables
 * (`HARDHAT_COVERAGE=true`), so every Hardhat child (the Ignition CLI, the tasks, the Hardhat node)
 * builds and deploys the instrumented contracts, several of which exceed the 24 KB code-size limit
 * of EIP-170 and cost more gas. Hardhat lifts both limits on its own networks under coverage; anvil
 * is started with the same two limits lifted. Without coverage, both nodes keep every mainnet limit.
 */
export const COVERAGE = process.env.HARDHAT_COVERAGE === "true";

/**
 * The limits anvil lifts under coverage: no contract code-size limit, and no block gas limit (its
 * blocks then report a gas limit of 2^64 - 1, above JavaScript's safe integers).
 */
export const ANVIL_COVERAGE_ARGS = ["--disable-code-size-limit", "--disable-block-gas-limit"] as const;

export type NodeKind = "hardhat" | "anvil";

export interface NodeProcess {
  kind: NodeKind;
  url: string;
  /** Stops the node and waits for its process group to be gone (bounded). */
  stop(): Promise<void>;
}

/** Starts a node on a free loopback port and waits until it answers JSON-RPC. */
export async function startNode(
  kind: NodeKind,
  options: {
    chainId?: number;
    timeoutMs?: number;
    /** Start anvil as the coverage run does (`ANVIL_COVERAGE_ARGS`); default: when this run measures coverage. */
    coverageLimits?: boolean;
  } = {},
) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const [command, args] =
    kind === "hardhat"
      ? [process.execPath, [HARDHAT_CLI, "node", "--hostname", "127.0.0.1", "--port", String(port)]]
      : [
          "npx",
          [
            "--yes",
            ANVIL_PACKAGE,
            "--host",
            "127.0.0.1",
            "--port",
            String(port),
            "--silent",
            ...(options.chainId === undefined ? [] : ["--chain-id", String(options.chainId)]),
            ...((options.coverageLimits ?? COVERAGE) ? ANVIL_COVERAGE_ARGS : []),
          ],
        ];
  const child = track(spawn(command, args, { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] }));
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4_000)));
  child.stderr?.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-4_000)));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  // A running node must not keep the test process alive: the exit safety net stops it.
  child.unref();
  for (const stream of [child.stdout, child.stderr]) (stream as { unref?: () => void } | null)?.unref?.();

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    killGroup(child, "SIGTERM");
    const gone = await Promise.race([exited.then(() => true), sleep(5_000).then(() => false)]);
    if (!gone) killGroup(child, "SIGKILL");
    killGroup(child, "SIGKILL"); // grandchildren that ignored SIGTERM
  };

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the ${kind} node exited with code ${child.exitCode} before answering: ${output.trim()}`);
    }
    try {
      await rpc(url, "eth_chainId");
      return { kind, url, stop } satisfies NodeProcess;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`the ${kind} node did not answer on ${url} in time: ${output.trim()}`);
      }
      await sleep(200);
    }
  }
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the Hardhat CLI of this project (`npx hardhat ...` without npx's own start-up) with
 * `GALEON_RPC_URL` pointing at `url`; kills it after `timeoutMs`, or when `signal` aborts (an
 * interruption, as a Ctrl-C or a crash would cut it).
 */
export async function hardhat(
  args: string[],
  url: string,
  timeoutMs = 90_000,
  options: { signal?: AbortSignal } = {},
): Promise<CliRun> {
  const child = track(
    spawn(process.execPath, [HARDHAT_CLI, ...args], {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, GALEON_RPC_URL: url, HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "true", NO_COLOR: "1" },
    }),
  );
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), timeoutMs);
  const abort = () => killGroup(child, "SIGKILL");
  options.signal?.addEventListener("abort", abort, { once: true });
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  clearTimeout(timer);
  options.signal?.removeEventListener("abort", abort);
  return { code, stdout, stderr };
}

/** The non-empty lines of a stream. */
export function lines(text: string): string[] {
  return text.split("\n").filter((l) => l.trim() !== "");
}

/** Asserts a refusal: the exit code, exactly one line on stderr matching `pattern`, no stack. */
export function expectRefusal(run: CliRun, code: number, pattern: RegExp): void {
  const errorLines = lines(run.stderr);
  expect(run.code, run.stdout + run.stderr).to.equal(code);
  expect(errorLines, run.stderr).to.have.length(1);
  expect(errorLines[0]).to.match(/^error: /);
  expect(errorLines[0]).to.match(pattern);
}

/** The JSON a successful run prints (asserts exit code 0). */
export function parseJson(run: CliRun): Record<string, any> {
  expect(run.code, run.stdout + run.stderr).to.equal(0);
  return JSON.parse(run.stdout) as Record<string, any>;
}

/** Removes a deployment folder the tests created under deploy/deployments/. */
export async function removeDeployment(deploymentId: string): Promise<void> {
  const deployments = path.join(ROOT, "deploy", "deployments");
  await rm(path.join(deployments, deploymentId), { recursive: true, force: true });
  await rmdir(deployments).catch(() => undefined); // only when empty: keep anyone else's deployments
  // Ignition remembers each chain-31337 deployment id's node instance in the cache; forget ours.
  const instances = path.join(ROOT, "cache", ".hardhat-network-instances.json");
  try {
    const known = JSON.parse(await readFile(instances, "utf8")) as Record<string, string>;
    if (deploymentId in known) {
      delete known[deploymentId];
      await writeFile(instances, JSON.stringify(known, null, 2));
    }
  } catch {
    // No cache file: nothing to forget.
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The Ignition CLI command that deploys the whole local suite on `--network localnode` under
 * `deploymentId` (`deploy/modules/LocalSuite.ts` with `deploy/parameters/local.json`): run it again
 * to resume.
 */
export function localSuiteDeployArgs(deploymentId: string): string[] {
  return [
    "ignition",
    "deploy",
    "deploy/modules/LocalSuite.ts",
    "--network",
    "localnode",
    "--parameters",
    "deploy/parameters/local.json",
    "--deployment-id",
    deploymentId,
  ];
}

/** Where the local suite lives once deployed: the node, its deployment id and every address. */
export interface LocalSuiteOnNode {
  node: NodeProcess;
  deploymentId: string;
  addresses: Record<string, string>;
  /** The address of a future by the part of its id after `#` (e.g. `DataAccessRouter`). */
  address(name: string): string;
  /** Runs a Galeon task on this node and deployment, as a user types it. */
  cli(...args: string[]): Promise<CliRun>;
  stop(): Promise<void>;
}

/**
 * Starts a node of `kind`, deploys the whole local suite on it with the Ignition CLI
 * (`deploy/modules/LocalSuite.ts` with `deploy/parameters/local.json`) under a unique deployment id,
 * and returns what a test needs. `stop()` stops the node and removes the deployment folder.
 */
export async function startLocalSuite(kind: NodeKind, label: string): Promise<LocalSuiteOnNode> {
  const node = await startNode(kind);
  const deploymentId = `e2e-${label}-${kind}-${process.pid}-${Date.now()}`;
  const stop = async () => {
    await node.stop();
    await removeDeployment(deploymentId);
  };
  try {
    const deploy = await hardhat(localSuiteDeployArgs(deploymentId), node.url, 300_000);
    if (deploy.code !== 0) throw new Error(`LocalSuite deployment failed:\n${deploy.stdout}\n${deploy.stderr}`);
    const file = path.join(ROOT, "deploy", "deployments", deploymentId, "deployed_addresses.json");
    const addresses = JSON.parse(await readFile(file, "utf8")) as Record<string, string>;
    const address = (name: string) => {
      const matches = Object.keys(addresses).filter((id) => id === name || id.endsWith(`#${name}`));
      if (matches.length !== 1)
        throw new Error(`deployment ${deploymentId} has ${matches.length} futures named ${name}`);
      return addresses[matches[0]];
    };
    const cli = (...args: string[]) =>
      hardhat(["--network", "localnode", ...args, "--deployment-id", deploymentId], node.url);
    return { node, deploymentId, addresses, address, cli, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
