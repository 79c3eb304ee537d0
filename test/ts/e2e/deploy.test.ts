/**
 * End to end: an Ignition deployment of the local suite is resumed by running the identical
 * command again, on anvil (the same path as on a real network: chain state kept, journal kept).
 * The first run is interrupted while its first transaction waits to be mined and its next one is on
 * the wire, as a Ctrl-C, a lost connection or a crash would cut it; the second run finishes it; a
 * third deploys nothing new. The first run talks to anvil through a proxy that, once the first
 * transaction reached the node, holds back every later gas estimate and transaction: the cut then
 * falls where a user's Ctrl-C usually does, between two transactions. (A cut between Ignition's
 * `TRANSACTION_PREPARE_SEND` and its `TRANSACTION_SEND` journal entries is ambiguous: the transaction
 * may or may not have reached the node, and Ignition asks for `ignition track-tx` instead of guessing.
 * A loaded machine hit that window often enough to make this test flaky.)
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";

import {
  DEV_ACCOUNTS,
  hardhat,
  localSuiteDeployArgs,
  type NodeProcess,
  removeDeployment,
  ROOT,
  rpc,
  sleep,
  startNode,
} from "./harness.js";
import { startRpcProxy } from "./rpcProxy.js";

interface JournalEntry {
  type: string;
  futureId?: string;
}

describe("Ignition deployment of the local suite, resumed (anvil)", function () {
  this.timeout(600_000);
  const deploymentId = `e2e-resume-anvil-${process.pid}-${Date.now()}`;
  const folder = path.join(ROOT, "deploy", "deployments", deploymentId);
  let node: NodeProcess | undefined;

  const journal = async (): Promise<JournalEntry[]> => {
    const text = await readFile(path.join(folder, "journal.jsonl"), "utf8").catch(() => "");
    return text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as JournalEntry);
  };
  const deploy = (signal?: AbortSignal, url = node!.url) =>
    hardhat(localSuiteDeployArgs(deploymentId), url, 300_000, { signal });
  const nonce = async () => Number(await rpc(node!.url, "eth_getTransactionCount", [DEV_ACCOUNTS[0], "latest"]));

  before(async function () {
    node = await startNode("anvil");
  });

  after(async function () {
    await node?.stop();
    await removeDeployment(deploymentId);
  });

  it("the identical command finishes an interrupted deployment", async function () {
    // Nothing is mined until the deployment has been cut: its first transactions stay pending.
    await rpc(node!.url, "evm_setAutomine", [false]);
    // The first transaction reaches the node; every later gas estimate and transaction is held on
    // the wire, never forwarded.
    const SENDS = ["eth_sendTransaction", "eth_sendRawTransaction"];
    let forwarded = 0;
    let held = 0;
    const proxy = await startRpcProxy(node!.url, (request) => {
      if (forwarded === 0 && SENDS.includes(request.method)) {
        forwarded++;
        return undefined;
      }
      if (forwarded === 0 || (!SENDS.includes(request.method) && request.method !== "eth_estimateGas"))
        return undefined;
      held++;
      return new Promise<undefined>(() => undefined);
    });
    const settled = async () => {
      const entries = await journal();
      const count = (type: string) => entries.filter((e) => e.type === type).length;
      return count("TRANSACTION_SEND") > 0 && count("TRANSACTION_SEND") === count("TRANSACTION_PREPARE_SEND");
    };
    const interrupt = new AbortController();
    const first = deploy(interrupt.signal, proxy.url);
    const deadline = Date.now() + 240_000;
    while (!(held > 0 && (await settled()))) {
      expect(Date.now() < deadline, "the first run did not reach its second transaction in time").to.equal(true);
      await sleep(200);
    }
    interrupt.abort();
    const cut = await first;
    await proxy.close();
    expect(cut.code, "the first run was cut, not finished").to.not.equal(0);
    const sent = (await journal()).filter((e) => e.type === "TRANSACTION_SEND").length;
    expect(sent).to.be.greaterThan(0);
    expect(await nonce(), "nothing mined yet").to.equal(0);

    // The node mines again (the pending transactions first); the same command resumes.
    await rpc(node!.url, "evm_setAutomine", [true]);
    await rpc(node!.url, "evm_mine");
    const resumed = await deploy();
    expect(resumed.code, resumed.stdout + resumed.stderr).to.equal(0);
    expect(resumed.stdout).to.not.contain("Nothing new to deploy");

    const entries = await journal();
    const sends = entries.filter((e) => e.type === "TRANSACTION_SEND").length;
    const addresses = JSON.parse(await readFile(path.join(folder, "deployed_addresses.json"), "utf8")) as Record<
      string,
      string
    >;
    expect(Object.keys(addresses), resumed.stdout.slice(-2_500)).to.include.members([
      "GaleonToken#GaleonToken",
      "LocalSuite#DataAccessRouter",
      "LocalSuite#BuybackBurner",
      "LocalSuite#GaleonGovernor",
      "LocalSuite#TimelockController",
    ]);
    for (const [future, address] of Object.entries(addresses)) {
      expect(await rpc(node!.url, "eth_getCode", [address, "latest"]), future).to.not.equal("0x");
    }
    // Every transaction the deployer sent is in the journal: none was sent twice or lost.
    expect(await nonce()).to.equal(sends);
  });

  it("the identical command again deploys nothing new", async function () {
    const [blockBefore, nonceBefore] = [await rpc(node!.url, "eth_blockNumber"), await nonce()];
    const before = await readFile(path.join(folder, "deployed_addresses.json"), "utf8");
    const again = await deploy();
    expect(again.code, again.stdout + again.stderr).to.equal(0);
    expect(again.stdout).to.contain("Nothing new to deploy");
    expect(await rpc(node!.url, "eth_blockNumber")).to.equal(blockBefore);
    expect(await nonce()).to.equal(nonceBefore);
    expect(await readFile(path.join(folder, "deployed_addresses.json"), "utf8")).to.equal(before);
  });
});
