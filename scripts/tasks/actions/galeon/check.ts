/**
 * `galeon check [--split h,t,b,g]`: proves, on the chosen network's deployment, that every power of
 * the suite belongs to the DAO timelock and to nobody else (owners; the timelock's role holders
 * rebuilt from its events since its deployment block; the deployer holds nothing), that the Governor,
 * the router's payees and the buy-back are wired to each other, and that the split is the expected
 * one. Prints a table of checks; exit code 1 when any check fails. Sends nothing.
 */
import { getAddress, isAddress } from "ethers";

import { galeonAction } from "../../../lib/cli.js";
import { type Check, checkSuite, DEFAULT_SPLIT, parseSplit, type SuiteAddresses } from "../../../lib/check.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { FUTURES } from "../../../lib/deployment.js";
import { badInput, environmentError, EXIT } from "../../../lib/errors.js";
import { renderTable } from "../../../lib/output.js";

interface CheckArgs extends CommonTaskArgs {
  split?: string;
}

/** An address-like constructor argument from the journal, or undefined. */
function addressArg(value: unknown): string | undefined {
  return typeof value === "string" && isAddress(value) ? getAddress(value) : undefined;
}

export default galeonAction(async (args: CheckArgs, ctx) => {
  // Validate input before touching the network.
  const split = args.split === undefined || args.split === "" ? DEFAULT_SPLIT : parseSplit(args.split);
  if (split === undefined) {
    throw badInput(
      `--split "${args.split}" must be four basis points h,t,b,g summing to 10000 (e.g. 4000,3000,2000,1000)`,
    );
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

  const checks: Check[] = await checkSuite(ethers.provider, addresses, {
    split,
    galeonPayout,
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
