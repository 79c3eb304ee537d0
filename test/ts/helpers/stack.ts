/**
 * `npm run stack` for browser tests (the dashboard's and the wallet app's): spawned as a user runs it,
 * on free ports, in its own process group; resolves once it prints its URLs and "Ctrl-C stops
 * everything". Whatever ends the test run, the stack does not outlive it.
 *
 * To iterate on a stack already running, set `<PREFIX>_URL` (e.g. `GALEON_DASHBOARD_TEST_URL=
 * http://127.0.0.1:42069`), `<PREFIX>_RPC` (default http://127.0.0.1:8545) and `<PREFIX>_DEPLOYMENT`
 * (default stack): it is used and left running.
 */
import { type ChildProcess, spawn } from "node:child_process";

import { freePort, ROOT, sleep } from "../e2e/harness.js";

export interface Stack {
  /** The indexer's origin: `<url>/dashboard/`, `<url>/app/`, `<url>/api/...`. */
  url: string;
  rpcUrl: string;
  deploymentId: string;
  /** The stack process (undefined when reusing a running stack). */
  process?: ChildProcess;
  output(): string;
  /** Resolves once npm and the stack script are gone (their output closed): how npm ended. */
  exited?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface StackOptions {
  /** Purchases to seed (`--purchases`). */
  purchases: number;
  /** The environment variables' prefix naming a running stack to reuse (see above). */
  reuseEnvPrefix: string;
  /** More options for `npm run stack` (e.g. `--node anvil`). */
  args?: string[];
  /** How long to wait for the URLs (default 15 min). */
  timeoutMs?: number;
}

/** Spawns `npm run stack` in its own process group and waits for the dashboard URL it prints. */
export async function startStack(options: StackOptions): Promise<Stack> {
  const reuse = process.env[`${options.reuseEnvPrefix}_URL`];
  if (reuse) {
    return {
      url: reuse,
      rpcUrl: process.env[`${options.reuseEnvPrefix}_RPC`] ?? "http://127.0.0.1:8545",
      deploymentId: process.env[`${options.reuseEnvPrefix}_DEPLOYMENT`] ?? "stack",
      output: () => "",
    };
  }
  const rpcPort = await freePort();
  const port = await freePort();
  const deploymentId = `stack-test-${process.pid}`;
  const child = spawn(
    "npm",
    [
      "run",
      "stack",
      "--",
      "--purchases",
      String(options.purchases),
      "--rpc-port",
      String(rpcPort),
      "--port",
      String(port),
      "--deployment-id",
      deploymentId,
      ...(options.args ?? []),
    ],
    { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } },
  );
  const killNow = () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // Gone.
    }
  };
  process.on("exit", killNow);
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => {
      process.off("exit", killNow);
      resolve({ code, signal });
    }),
  );
  const deadline = Date.now() + (options.timeoutMs ?? 900_000);
  for (;;) {
    const match = /Dashboard: (http:\/\/\S+)\/dashboard\//.exec(output);
    if (match !== null && /Ctrl-C stops everything/.test(output)) {
      return {
        url: match[1],
        rpcUrl: `http://127.0.0.1:${rpcPort}`,
        deploymentId,
        process: child,
        output: () => output,
        exited,
      };
    }
    if (child.exitCode !== null) throw new Error(`npm run stack exited with code ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      killNow();
      throw new Error(`npm run stack printed no URL in time:\n${output}`);
    }
    await sleep(250);
  }
}

/** Stops a stack this process started (SIGINT to its group, as Ctrl-C) and waits for it to exit. */
export async function stopStack(stack: Stack | undefined): Promise<void> {
  if (stack?.process?.pid === undefined) return;
  try {
    process.kill(-stack.process.pid, "SIGINT");
  } catch {
    return;
  }
  await Promise.race([stack.exited, sleep(30_000)]);
  try {
    process.kill(-stack.process.pid, "SIGKILL");
  } catch {
    // Gone.
  }
}
