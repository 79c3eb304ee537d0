/**
 * `npm run coverage` starts anvil without a block gas limit (`ANVIL_COVERAGE_ARGS`), whose blocks
 * then report a gas limit of 2^64 - 1. The command line's gas margin (hardhat.config.ts,
 * `GAS_MARGIN`) must still work there: Hardhat's own `gasMultiplier` read that limit as a JavaScript
 * number and every sending task failed with "Value exceeds the safe integer limit". This file runs
 * one sending task on such a node in every `npm test`, so the next such break shows without a
 * coverage run.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";
import { JsonRpcProvider } from "ethers";

import {
  ANVIL_COVERAGE_ARGS,
  DEV_ACCOUNTS,
  hardhat,
  type NodeProcess,
  parseJson,
  removeDeployment,
  ROOT,
  rpc,
  startNode,
} from "./harness.js";

describe("a sending task on anvil started as the coverage run starts it", function () {
  this.timeout(180_000);

  const deploymentId = `e2e-coverage-anvil-${process.pid}-${Date.now()}`;
  let node: NodeProcess | undefined;
  let provider: JsonRpcProvider;

  before(async function () {
    node = await startNode("anvil", { coverageLimits: true });
    provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true });
    const deploy = await hardhat(
      ["ignition", "deploy", "deploy/modules/GaleonToken.ts", "--network", "localnode"].concat([
        "--parameters",
        "deploy/parameters/local.json",
        "--deployment-id",
        deploymentId,
      ]),
      node.url,
      300_000,
    );
    expect(deploy.code, deploy.stdout + deploy.stderr).to.equal(0);
  });

  after(async function () {
    provider?.destroy();
    await node?.stop();
    await removeDeployment(deploymentId);
  });

  it("reports a block gas limit above JavaScript's safe integers", async function () {
    const block = (await rpc(node!.url, "eth_getBlockByNumber", ["latest", false])) as { gasLimit: string };
    expect(BigInt(block.gasLimit)).to.equal(2n ** 64n - 1n);
  });

  it("dao delegate --json sends its transaction with the command line's gas margin", async function () {
    const file = path.join(ROOT, "deploy/deployments", deploymentId, "deployed_addresses.json");
    expect(JSON.parse(await readFile(file, "utf8"))).to.have.property("GaleonToken#GaleonToken");
    const run = await hardhat(
      ["--network", "localnode", "dao", "delegate", "--json", "--deployment-id", deploymentId],
      node!.url,
    );
    const result = parseJson(run);
    expect(result).to.deep.include({ ok: true, account: DEV_ACCOUNTS[0], delegatee: DEV_ACCOUNTS[0] });
    const sent = (await provider.getTransaction(result.transaction))!;
    const receipt = (await provider.getTransactionReceipt(result.transaction))!;
    expect(receipt.status).to.equal(1);
    expect(sent.gasLimit * 100n, "gas limit at least 1.19 x the gas used").to.be.at.least(receipt.gasUsed * 119n);
    expect(sent.gasLimit * 100n, "gas limit at most 1.21 x the gas used").to.be.at.most(receipt.gasUsed * 121n);
  });
});

describe("npm run stack --node anvil under coverage", function () {
  // scripts/stack.ts runs without the test loader and cannot import the harness: it spells the limits out.
  // Under coverage its `hardhat build` makes the instrumented contracts, several above 24 KB; an anvil
  // started without these limits refused the deployment (EVM error CreateContractSizeLimit), and the app's
  // anvil test failed only in `npm run coverage`.
  it("starts anvil with the same limits lifted as the e2e tests' anvil (ANVIL_COVERAGE_ARGS)", async function () {
    const source = await readFile(path.join(ROOT, "scripts/stack.ts"), "utf8");
    const limits = /const ANVIL_LIMITS =\s*process\.env\.HARDHAT_COVERAGE === "true" \? (\[[^\]]*\]) : \[\];/.exec(
      source,
    );
    expect(limits, "scripts/stack.ts: ANVIL_LIMITS under HARDHAT_COVERAGE").not.to.equal(null);
    expect(JSON.parse(limits![1])).to.deep.equal([...ANVIL_COVERAGE_ARGS]);
    expect(source).to.match(/String\(options\.rpcPort\),\s*\.\.\.ANVIL_LIMITS,\s*\]/);
  });
});
