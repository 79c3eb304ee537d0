/**
 * `npm run stack -- --postgres` (issue 17): the stack starts a PostgreSQL server from Debian's package
 * in a temporary folder (installing the package first as root when the machine has none), the indexer
 * indexes into it, and Ctrl-C stops the server and removes its folder. A small history (40 purchases, as the dashboard test seeds):
 * the PGlite stack and the dashboard are tested in dashboard/test/dashboard.test.ts.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";

import { expect } from "chai";

import { postgresBin } from "../../../scripts/lib/postgresServer.js";
import { seedJobFate } from "../../../scripts/lib/seedHistory.js";
import { freePort, ROOT, sleep } from "../e2e/harness.js";

const PURCHASES = 40;
/** The stack also seeds 4 metered jobs; the settled ones are purchases too (the escrow buys their access). */
const SETTLED_JOBS = Array.from({ length: 4 }, (_, k) => seedJobFate(k, 4)).filter((f) => f === "settled").length;

async function listening(port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("npm run stack -- --postgres", function () {
  this.timeout(900_000);
  let child: ChildProcess | undefined;
  const killNow = () => {
    try {
      if (child?.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      // Gone.
    }
  };

  after(function () {
    killNow();
  });

  it("indexes into a PostgreSQL server it starts, and stops it at Ctrl-C", async function () {
    if (process.getuid?.() !== 0 && postgresBin() === undefined) this.skip(); // cannot install it
    const [rpcPort, port] = [await freePort(), await freePort()];
    const deploymentId = `stack-pg-test-${process.pid}`;
    child = spawn(
      process.execPath,
      [
        "--experimental-strip-types",
        "--no-warnings=ExperimentalWarning",
        "scripts/stack.ts",
        "--postgres",
        "--purchases",
        String(PURCHASES),
        "--rpc-port",
        String(rpcPort),
        "--port",
        String(port),
        "--deployment-id",
        deploymentId,
      ],
      { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } },
    );
    process.on("exit", killNow);
    let output = "";
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child!.on("close", (code) => resolve(code)));
    const deadline = Date.now() + 840_000;
    while (!/Ctrl-C stops everything/.test(output)) {
      if (child.exitCode !== null) throw new Error(`the stack exited with code ${child.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the stack was not ready in time:\n${output}`);
      await sleep(250);
    }
    const match = /stack: PostgreSQL on postgresql:\/\/postgres@127\.0\.0\.1:([0-9]+)\/postgres \(/.exec(output);
    expect(match, output).to.not.equal(null);
    const pgPort = Number(match![1]);

    const totals = (await (await fetch(`http://127.0.0.1:${port}/api/totals`)).json()) as {
      deploymentId: string;
      router: { tokens: Array<{ purchases: number }> };
    };
    expect(totals.deploymentId).to.equal(deploymentId);
    expect(totals.router.tokens.reduce((n, t) => n + t.purchases, 0)).to.equal(PURCHASES + SETTLED_JOBS);
    // The purchases are in PostgreSQL, in the stack's schema.
    const psql = spawnSync(
      path.join(postgresBin()!, "psql"),
      ["-h", "127.0.0.1", "-p", String(pgPort), "-U", "postgres", "-tAc", "SELECT count(*) FROM galeon_stack.purchase"],
      { encoding: "utf8" },
    );
    expect(psql.stdout.trim(), psql.stderr).to.equal(String(PURCHASES + SETTLED_JOBS));

    process.kill(-child.pid!, "SIGINT");
    expect(await exited, output).to.equal(0);
    process.off("exit", killNow);
    expect(await listening(pgPort), "the server is stopped").to.equal(false);
    expect(existsSync(path.join(ROOT, "deploy", "deployments", deploymentId))).to.equal(false);
  });
});
