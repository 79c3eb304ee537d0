/**
 * `galeon check [--split h,t,b,g] [--min-delay seconds]`: proves, on the chosen network's deployment, that
 * every power of the suite belongs to the DAO timelock and to nobody else (owners and no pending owner; the
 * timelock's role holders rebuilt from its events since its deployment block; its delay as configured; no
 * operation left pending by the deployer; the deployer holds nothing), that the Governor, the router's
 * payees and the buy-back are wired to each other, and that the split is the expected one. Prints a table
 * of checks; exit code 1 when any check fails. Sends nothing.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

import { getAddress, isAddress } from "ethers";

import { galeonAction } from "../../../lib/cli.js";
import {
  type Check,
  checkSuite,
  DEFAULT_MIN_DELAY,
  DEFAULT_SPLIT,
  type SuiteAddresses,
} from "../../../../domain/governance/check.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { FUTURES } from "../../../../domain/chain/futures.js";
import { parseSplit } from "../../../../domain/governance/governance.js";
import { badInput, environmentError, EXIT } from "../../../../domain/errors/refusal.js";
import { renderTable } from "../../../lib/output.js";

interface CheckArgs extends CommonTaskArgs {
  split?: string;
  minDelay?: string;
}

/** The future of the handover batch's `updateDelay(minDelay)` call (deploy/modules/Dao.ts). */
const UPDATE_DELAY_CALL = "#TimelockUpdateDelayCall";

/**
 * The timelock delay the deployment configured: the argument of its `updateDelay` call, as Ignition's
 * journal records it (a bigint is stored as `{ "_kind": "bigint", "value": "..." }`); undefined if absent.
 */
async function configuredMinDelay(deploymentDir: string): Promise<bigint | undefined> {
  const file = path.join(deploymentDir, "journal.jsonl");
  if (!existsSync(file)) return undefined;
  for (const line of (await readFile(file, "utf8")).split("\n")) {
    if (!line.includes(UPDATE_DELAY_CALL)) continue;
    const entry = JSON.parse(line) as { type?: string; futureId?: string; args?: unknown[] };
    if (entry.type !== "ENCODE_FUNCTION_CALL_EXECUTION_STATE_INITIALIZE") continue;
    if (!(entry.futureId ?? "").endsWith(UPDATE_DELAY_CALL)) continue;
    const value = entry.args?.[0];
    const raw = typeof value === "object" && value !== null ? (value as { value?: unknown }).value : value;
    if (typeof raw === "string" || typeof raw === "number" || typeof raw === "bigint") return BigInt(raw);
  }
  return undefined;
}

/** An address-like constructor argument from the journal, or undefined. */
function addressArg(value: unknown): string | undefined {
  return typeof value === "string" && isAddress(value) ? getAddress(value) : undefined;
}

export default galeonAction(async (args: CheckArgs, ctx) => {
  // Validate input before touching the network.
  // The same two forms as dao propose: percentages summing to 100, or basis points summing to 10,000.
  const split = args.split === undefined || args.split === "" ? DEFAULT_SPLIT : parseSplit(args.split);
  if (args.minDelay !== undefined && args.minDelay !== "" && !/^[0-9]{1,12}$/.test(args.minDelay)) {
    throw badInput(`--min-delay "${args.minDelay}" must be a number of seconds (e.g. 172800 for 2 days)`);
  }
  const deployment = await ctx.deployment();
  const ethers = await ctx.ethers();
  const { name } = await ctx.network();

  const addresses: SuiteAddresses = {
    token: deployment.address(FUTURES.galeonToken),
    timelock: deployment.address(FUTURES.timelock),
    governor: deployment.address(FUTURES.governor),
    treasury: deployment.address(FUTURES.treasury),
    router: deployment.address(FUTURES.router),
    burner: deployment.address(FUTURES.burner),
    // Deployments made before the job escrow existed have none: its rows are skipped.
    ...(deployment.has(FUTURES.escrow) ? { escrow: deployment.address(FUTURES.escrow) } : {}),
  };
  for (const [part, address] of Object.entries(addresses)) {
    if ((await ethers.provider.getCode(address)) === "0x") {
      throw environmentError(
        `deployment ${deployment.id} says the ${part} is at ${address} but chain ${deployment.chainId} has no code` +
          ` there (was the node restarted?)`,
      );
    }
  }

  // The router was deployed as `(admin = the deployer, guardian, expiry, attestor, [treasury, buy-back, Galeon], tokens)`.
  const routerArgs = deployment.constructorArgs(FUTURES.router) ?? [];
  const deployer = addressArg(routerArgs[0]);
  const payees = Array.isArray(routerArgs[4]) ? routerArgs[4] : [];
  const galeonPayout = addressArg(payees[2]);

  const minDelay =
    args.minDelay !== undefined && args.minDelay !== ""
      ? BigInt(args.minDelay)
      : ((await configuredMinDelay(deployment.dir)) ?? DEFAULT_MIN_DELAY);

  const checks: Check[] = await checkSuite(ethers.provider, addresses, {
    split,
    galeonPayout,
    minDelay,
    outsiders: deployer === undefined ? [] : [{ label: "the deployer", address: deployer }],
    fromBlock: deployment.deploymentBlock(FUTURES.timelock) ?? 0,
  });
  const failed = checks.filter((c) => !c.pass);
  const passed = failed.length === 0;
  if (!passed) {
    console.error(
      `error: ${failed.length} of ${checks.length} checks failed: ${failed.map((c) => c.check).join("; ")}`,
    );
    process.exitCode = EXIT.FAILED;
  }

  const header = `Galeon on network ${name} (chain ${deployment.chainId}), deployment ${deployment.id}: powers and wiring`;
  const table = renderTable(
    checks.map((c) => [c.pass ? "pass" : "FAIL", c.check, c.observed, c.pass ? "" : `expected ${c.expected}`]),
    ["", "check", "observed", ""],
  );
  const summary = passed
    ? `all ${checks.length} checks pass: every power is held by the timelock ${addresses.timelock}`
    : `${failed.length} of ${checks.length} checks FAILED`;
  return {
    data: {
      network: name,
      chainId: deployment.chainId,
      deploymentId: deployment.id,
      passed,
      deployer: deployer ?? null,
      addresses,
      checks,
    },
    text: `${header}\n\n${table}\n\n${summary}`,
  };
});
