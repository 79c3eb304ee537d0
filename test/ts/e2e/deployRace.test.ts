/**
 * End to end: a stranger races every step of the Ignition deployment of the local suite, on anvil, over
 * JSON-RPC. A proxy in front of the node sees each transaction the deployer sends and, before forwarding
 * it, sends the same call from a stranger's account (mined at once): whatever the deployer may do next, a
 * stranger may try first. The deployment must still complete and end with every power at the timelock and
 * none with the deployer. The stranger's copy of the handover batch (`executeBatch`, the finding of the
 * second review: anyone could execute it) is the one that mattered; the others are refused by their
 * contracts (owner only, pending owner only), or, for the burner's first observation (`recordObservation`,
 * open to anyone), recorded first, after which the deployer's record is a no-op instead of a revert.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";
import { Interface, id } from "ethers";

import {
  DEV_ACCOUNTS,
  hardhat,
  localSuiteDeployArgs,
  type NodeProcess,
  removeDeployment,
  ROOT,
  rpc,
  startNode,
} from "./harness.js";
import { forward, startRpcProxy } from "./rpcProxy.js";

const TIMELOCK = new Interface([
  "function executeBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt)",
  "function hasRole(bytes32 role, address account) view returns (bool)",
  "function getMinDelay() view returns (uint256)",
]);
const OWNABLE = new Interface(["function owner() view returns (address)"]);
const ROLES = {
  admin: "0x" + "00".repeat(32),
  proposer: id("PROPOSER_ROLE"),
  executor: id("EXECUTOR_ROLE"),
  canceller: id("CANCELLER_ROLE"),
};

interface SentTransaction {
  from?: string;
  to?: string;
  data?: string;
}

describe("Ignition deployment of the local suite, raced by a stranger (anvil)", function () {
  this.timeout(600_000);
  const deploymentId = `e2e-race-anvil-${process.pid}-${Date.now()}`;
  const folder = path.join(ROOT, "deploy", "deployments", deploymentId);
  const deployer = DEV_ACCOUNTS[0];
  const stranger = DEV_ACCOUNTS[8];
  let node: NodeProcess | undefined;

  before(async function () {
    node = await startNode("anvil");
  });

  after(async function () {
    await node?.stop();
    await removeDeployment(deploymentId);
  });

  it("completes, every power at the timelock, whatever a stranger sends before each of the deployer's transactions", async function () {
    const url = node!.url;
    const raced: Array<{ selector: string; status: string }> = [];
    const proxy = await startRpcProxy(url, async (request) => {
      if (request.method !== "eth_sendTransaction") return undefined;
      const tx = (request.params?.[0] ?? {}) as SentTransaction;
      if (tx.from?.toLowerCase() !== deployer.toLowerCase() || tx.to === undefined || tx.data === undefined) {
        return undefined;
      }
      // The stranger sends the deployer's next call first, with enough gas to be mined even if it reverts.
      const race = await forward(url, {
        jsonrpc: "2.0",
        id: `race-${raced.length}`,
        method: "eth_sendTransaction",
        params: [{ from: stranger, to: tx.to, data: tx.data, gas: "0x989680" }],
      });
      if (race.result === undefined) {
        raced.push({ selector: tx.data.slice(0, 10), status: `not sent: ${JSON.stringify(race.error)}` });
        return undefined;
      }
      // anvil answers eth_sendTransaction before the receipt can be read (seen under load in a fresh-clone
      // CI run): wait for it, so the deployer's own call is forwarded only after the stranger's is mined.
      let receipt: { status: string } | null = null;
      for (let i = 0; i < 200 && receipt === null; i++) {
        receipt = (await rpc(url, "eth_getTransactionReceipt", [race.result])) as { status: string } | null;
        if (receipt === null) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      raced.push({ selector: tx.data.slice(0, 10), status: receipt?.status ?? "not mined within 10 s" });
      return undefined;
    });
    const run = await hardhat(localSuiteDeployArgs(deploymentId), proxy.url, 300_000);
    await proxy.close();
    expect(run.code, run.stdout.slice(-3_000) + run.stderr.slice(-3_000)).to.equal(0);

    const executeBatch = TIMELOCK.getFunction("executeBatch")!.selector;
    const racedBatch = raced.filter((r) => r.selector === executeBatch);
    expect(racedBatch, "the stranger tried the handover batch first").to.have.length(1);
    expect(racedBatch[0].status, "and was refused").to.equal("0x0");
    expect(raced.length, "the stranger raced every call").to.be.greaterThan(10);
    const racedRecord = raced.filter((r) => r.selector === id("recordObservation(address)").slice(0, 10));
    expect(
      racedRecord.map((r) => r.status),
      "the stranger recorded the first observation first",
    ).to.deep.equal(["0x1"]);

    const addresses = JSON.parse(await readFile(path.join(folder, "deployed_addresses.json"), "utf8")) as Record<
      string,
      string
    >;
    const timelock = addresses["LocalSuite#TimelockController"];
    const governor = addresses["LocalSuite#GaleonGovernor"];
    const call = async (to: string, iface: Interface, fn: string, args: unknown[] = []) =>
      iface.decodeFunctionResult(
        fn,
        (await rpc(url, "eth_call", [{ to, data: iface.encodeFunctionData(fn, args) }, "latest"])) as string,
      )[0];
    for (const name of ["LocalSuite#DataAccessRouter", "LocalSuite#BuybackBurner"]) {
      expect(String(await call(addresses[name], OWNABLE, "owner")).toLowerCase(), name).to.equal(
        timelock.toLowerCase(),
      );
    }
    for (const role of [ROLES.admin, ROLES.proposer, ROLES.executor, ROLES.canceller]) {
      expect(await call(timelock, TIMELOCK, "hasRole", [role, deployer]), `deployer ${role}`).to.equal(false);
      expect(await call(timelock, TIMELOCK, "hasRole", [role, stranger]), `stranger ${role}`).to.equal(false);
    }
    expect(await call(timelock, TIMELOCK, "hasRole", [ROLES.proposer, governor])).to.equal(true);
    expect(await call(timelock, TIMELOCK, "hasRole", [ROLES.canceller, governor])).to.equal(true);
    expect(await call(timelock, TIMELOCK, "hasRole", [ROLES.executor, "0x" + "00".repeat(20)])).to.equal(true);
    expect(await call(timelock, TIMELOCK, "getMinDelay")).to.equal(2n * 24n * 3600n);
  });
});
