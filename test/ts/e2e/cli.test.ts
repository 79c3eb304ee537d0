/**
 * End to end over JSON-RPC: a separate node process (the Hardhat node, then Foundry's anvil), the
 * suite deployed with the Ignition CLI, and the tasks run as a user runs them. Each suite uses its
 * own deployment id and removes its deployment folder, so runs never collide or leave files.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";
import { Contract, JsonRpcProvider } from "ethers";

import {
  DEV_ACCOUNTS,
  expectRefusal,
  freePort,
  hardhat,
  type NodeKind,
  type NodeProcess,
  parseJson,
  removeDeployment,
  ROOT,
  rpc,
  startNode,
} from "./harness.js";

const E18 = 10n ** 18n;
const PARAMETERS = "deploy/parameters/local.json";
const TOKEN_ABI = [
  "function totalSupply() view returns (uint256)",
  "function getVotes(address) view returns (uint256)",
  "function delegates(address) view returns (address)",
];

for (const kind of ["hardhat", "anvil"] as NodeKind[]) {
  describe(`end to end over JSON-RPC on a separate ${kind} node`, function () {
    this.timeout(180_000);

    const deploymentId = `e2e-${kind}-${process.pid}-${Date.now()}`;
    let node: NodeProcess | undefined;
    let token: Contract;
    let provider: JsonRpcProvider;
    const cli = (...args: string[]) =>
      hardhat(["--network", "localnode", ...args, "--deployment-id", deploymentId], node!.url);

    before(async function () {
      node = await startNode(kind);
      const deploy = await hardhat(
        ["ignition", "deploy", "deploy/modules/GaleonToken.ts", "--network", "localnode"].concat([
          "--parameters",
          PARAMETERS,
          "--deployment-id",
          deploymentId,
        ]),
        node.url,
        300_000, // a loaded machine (CI has 2 cores) can take well over the 90 s default
      );
      expect(deploy.code, deploy.stdout + deploy.stderr).to.equal(0);
      const file = path.join(ROOT, "deploy/deployments", deploymentId, "deployed_addresses.json");
      const addresses = JSON.parse(await readFile(file, "utf8")) as Record<string, string>;
      provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true });
      token = new Contract(addresses["GaleonToken#GaleonToken"], TOKEN_ABI, provider);
    });

    after(async function () {
      provider?.destroy();
      await node?.stop();
      await removeDeployment(deploymentId);
    });

    it("deploys $GALEON with the Ignition CLI and the allocation of the local parameters", async function () {
      expect(await token.totalSupply()).to.equal(1_000_000_000n * E18);
    });

    it("galeon status --json reports the initial supply from the allocation events and nothing burned", async function () {
      const status = parseJson(await cli("galeon", "status", "--json"));
      expect(status.ok).to.equal(true);
      expect(status.chainId).to.equal(31337);
      expect(status.deploymentId).to.equal(deploymentId);
      expect(status.token).to.deep.include({
        address: await token.getAddress(),
        symbol: "GALEON",
        decimals: 18,
        initialSupply: (1_000_000_000n * E18).toString(),
        initialSupplySource: "allocation events",
        totalSupply: (1_000_000_000n * E18).toString(),
        burned: "0",
      });
    });

    it("dao delegate --json delegates to yourself and reports the votes before and after", async function () {
      const result = parseJson(await cli("dao", "delegate", "--json"));
      expect(result).to.deep.include({ ok: true, account: DEV_ACCOUNTS[0], delegatee: DEV_ACCOUNTS[0] });
      expect(result.votes.account).to.deep.equal({ before: "0", after: (850_000_000n * E18).toString() });
      expect(result.transaction).to.match(/^0x[0-9a-f]{64}$/);
      // The command line's margin over the node's estimate (hardhat.config.ts, GAS_MARGIN): a
      // transaction mined a second after its estimate can take a costlier time-dependent path.
      const sent = (await provider.getTransaction(result.transaction))!;
      const receipt = (await provider.getTransactionReceipt(result.transaction))!;
      expect(sent.gasLimit * 100n, "gas limit at least 1.19 x the gas used").to.be.at.least(receipt.gasUsed * 119n);
      expect(await token.getVotes(DEV_ACCOUNTS[0])).to.equal(850_000_000n * E18);
      expect(await token.delegates(DEV_ACCOUNTS[0])).to.equal(DEV_ACCOUNTS[0]);
    });

    it("dao delegate --from --to moves another holder's votes and prints a table", async function () {
      const run = await cli("dao", "delegate", "--from", DEV_ACCOUNTS[8], "--to", DEV_ACCOUNTS[0]);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.contain(`${DEV_ACCOUNTS[8]} delegated 150,000,000 GALEON of votes to ${DEV_ACCOUNTS[0]}`);
      expect(run.stdout).to.match(
        /votes of 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 +850,000,000 GALEON +1,000,000,000 GALEON/,
      );
      expect(await token.getVotes(DEV_ACCOUNTS[0])).to.equal(1_000_000_000n * E18);
      expect(await token.delegates(DEV_ACCOUNTS[8])).to.equal(DEV_ACCOUNTS[0]);
    });

    describe("refuses", function () {
      it("a malformed address with exit code 2 and one line, sending nothing", async function () {
        const nonce = await rpc(node!.url, "eth_getTransactionCount", [DEV_ACCOUNTS[2], "latest"]);
        const block = await rpc(node!.url, "eth_blockNumber");
        const run = await cli("dao", "delegate", "--from", DEV_ACCOUNTS[2], "--to", "0x12345");
        expectRefusal(run, 2, /--to "0x12345" is not an address/);
        expect(await rpc(node!.url, "eth_getTransactionCount", [DEV_ACCOUNTS[2], "latest"])).to.equal(nonce);
        expect(await rpc(node!.url, "eth_blockNumber")).to.equal(block);
        expect(await token.delegates(DEV_ACCOUNTS[2])).to.equal("0x0000000000000000000000000000000000000000");
      });

      it("a missing deployment with exit code 3 and one line", async function () {
        const run = await hardhat(
          ["--network", "localnode", "galeon", "status", "--json", "--deployment-id", `${deploymentId}-missing`],
          node!.url,
        );
        expectRefusal(run, 3, /no Galeon deployment for chain 31337 /);
        expect(JSON.parse(run.stdout)).to.deep.include({ ok: false });
      });
    });
  });
}

describe("end to end: the wrong network", function () {
  this.timeout(120_000);

  it("refuses a node that is not running with exit code 3 and one line", async function () {
    const url = `http://127.0.0.1:${await freePort()}`;
    const run = await hardhat(["--network", "localnode", "galeon", "status"], url);
    expectRefusal(run, 3, /cannot reach the JSON-RPC node of network localnode/);
  });

  describe("on an anvil node with another chain id", function () {
    let node: NodeProcess | undefined;
    before(async function () {
      node = await startNode("anvil", { chainId: 1234 });
    });
    after(async function () {
      await node?.stop();
    });

    it("refuses when the chain has no Galeon deployment", async function () {
      const run = await hardhat(["--network", "localnode", "dao", "delegate"], node!.url);
      expectRefusal(run, 3, /no Galeon deployment for chain 1234 /);
      expect(await rpc(node!.url, "eth_getTransactionCount", [DEV_ACCOUNTS[0], "latest"])).to.equal("0x0");
    });
  });
});
