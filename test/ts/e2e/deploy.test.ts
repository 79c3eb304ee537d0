/**
 * End to end: an Ignition deployment of the local suite is resumed by running the identical
 * command again, on anvil (the same path as on a real network: chain state kept, journal kept).
 * The first run is interrupted while its first transactions wait to be mined, as a Ctrl-C, a lost
 * connection or a crash would cut it; the second run finishes it; a third deploys nothing new.
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
  const deploy = (signal?: AbortSignal) => hardhat(localSuiteDeployArgs(deploymentId), node!.url, 300_000, { signal });
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
    const interrupt = new AbortController();
    const first = deploy(interrupt.signal);
    const deadline = Date.now() + 240_000;
    while (!(await journal()).some((e) => e.type === "TRANSACTION_SEND")) {
      expect(Date.now() < deadline, "the first run sent no transaction in time").to.equal(true);
      await sleep(200);
    }
    interrupt.abort();
    const cut = await first;
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
    expect(Object.keys(addresses)).to.include.members([
      "GaleonToken#GaleonToken",
      "LocalSuite#DataAccessRouter",
      "LocalSuite#BuybackBurner",
      "Dao#GaleonGovernor",
      "Dao#TimelockController",
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
