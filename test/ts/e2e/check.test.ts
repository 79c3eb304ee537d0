/**
 * End to end: `galeon check` on the local suite deployed with the Ignition CLI on a separate node
 * (the Hardhat node, then anvil), run as a user runs it.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import { Contract, JsonRpcProvider } from "ethers";

import {
  DEV_ACCOUNTS,
  hardhat,
  lines,
  type LocalSuiteOnNode,
  type NodeKind,
  type NodeProcess,
  removeDeployment,
  ROOT,
  startLocalSuite,
  startNode,
} from "./harness.js";

for (const kind of ["hardhat", "anvil"] as NodeKind[]) {
  describe(`galeon check end to end on a separate ${kind} node`, function () {
    this.timeout(400_000);
    let suite: LocalSuiteOnNode | undefined;

    before(async function () {
      suite = await startLocalSuite(kind, "check");
    });

    after(async function () {
      await suite?.stop();
    });

    it("passes on the freshly deployed local suite, and says the timelock holds every power", async function () {
      const run = await suite!.cli("galeon", "check");
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stderr).to.not.match(/error:/);
      const timelock = suite!.address("TimelockController");
      expect(run.stdout).to.contain(`every power is held by the timelock ${timelock}`);
      expect(run.stdout).to.match(/pass +router \(and hospital registry\) owner +0x/);
      expect(run.stdout).to.match(new RegExp(`pass +the deployer holds no power +${DEV_ACCOUNTS[0]}: nothing`));
      expect(run.stdout).to.not.contain("FAIL");
    });

    it("--json lists every check with its observed value", async function () {
      const run = await suite!.cli("galeon", "check", "--json");
      expect(run.code, run.stderr).to.equal(0);
      const result = JSON.parse(run.stdout) as {
        ok: boolean;
        passed: boolean;
        deployer: string;
        checks: Array<{ check: string; pass: boolean; observed: string }>;
      };
      expect(result).to.deep.include({ ok: true, passed: true, deployer: DEV_ACCOUNTS[0] });
      expect(result.checks.every((c) => c.pass)).to.equal(true);
      const observed = Object.fromEntries(result.checks.map((c) => [c.check, c.observed]));
      expect(observed["timelock DEFAULT_ADMIN_ROLE holders"]).to.equal(suite!.address("TimelockController"));
      expect(observed["timelock PROPOSER_ROLE holders"]).to.equal(suite!.address("GaleonGovernor"));
      expect(observed["router pays Galeon leg to"]).to.equal(DEV_ACCOUNTS[0]);
      expect(observed["split hospitals/treasury/buy-back/Galeon (bps)"]).to.equal("4000/3000/2000/1000");
      expect(observed["router (and hospital registry) pending owner"]).to.equal("none");
      expect(observed["timelock min delay"]).to.equal("172800 s");
      expect(observed["timelock: no operation pending from a proposer other than the Governor"]).to.equal("none");
    });

    it("exits 1 naming the delay when another one is expected (--min-delay)", async function () {
      const run = await suite!.cli("galeon", "check", "--min-delay", "86400");
      expect(run.code).to.equal(1);
      expect(lines(run.stderr)).to.deep.equal(["error: 1 of 26 checks failed: timelock min delay"]);
      expect(run.stdout).to.match(/FAIL +timelock min delay +172800 s +expected 86400 s/);
    });

    it("exits 1 with one line and the failing row when another split is expected", async function () {
      const run = await suite!.cli("galeon", "check", "--split", "4500,2500,2000,1000");
      expect(run.code).to.equal(1);
      expect(lines(run.stderr)).to.deep.equal([
        "error: 1 of 26 checks failed: split hospitals/treasury/buy-back/Galeon (bps)",
      ]);
      expect(run.stdout).to.match(
        /FAIL +split hospitals\/treasury\/buy-back\/Galeon \(bps\) +4000\/3000\/2000\/1000 +expected 4500\/2500\/2000\/1000/,
      );
    });

    describe("refuses", function () {
      it("a malformed --split with exit code 2 and one line", async function () {
        const run = await suite!.cli("galeon", "check", "--split", "40,30,20");
        expect(run.code).to.equal(2);
        expect(lines(run.stderr)).to.have.length(1);
        expect(lines(run.stderr)[0]).to.match(
          /^error: --split "40,30,20" must be four percentages summing to 100 \(e\.g\. 40,30,20,10\), or four basis points summing to 10,000/,
        );
      });

      it("a malformed --min-delay with exit code 2 and one line", async function () {
        const run = await suite!.cli("galeon", "check", "--min-delay", "2 days");
        expect(run.code).to.equal(2);
        expect(lines(run.stderr)).to.deep.equal([
          'error: --min-delay "2 days" must be a number of seconds (e.g. 172800 for 2 days)',
        ]);
      });

      it("a missing deployment with exit code 3 and one line", async function () {
        const run = await hardhat(
          ["--network", "localnode", "galeon", "check", "--deployment-id", `${suite!.deploymentId}-missing`],
          suite!.node.url,
        );
        expect(run.code).to.equal(3);
        expect(lines(run.stderr)).to.have.length(1);
        expect(lines(run.stderr)[0]).to.match(/^error: no Galeon deployment for chain 31337 /);
      });
    });
  });
}

/**
 * The production module as the README deploys it on a real network, rehearsed on anvil: an existing
 * Uniswap V2 (deployed separately), $GALEON alone first, the EURC/GALEON pair created and seeded by a
 * holder, then GaleonSuite in the same deployment id; `galeon check` then passes.
 */
describe("GaleonSuite deployed as on a real network (anvil), then galeon check", function () {
  this.timeout(400_000);
  let node: NodeProcess | undefined;
  const dexId = `e2e-dex-${process.pid}-${Date.now()}`;
  const suiteId = `e2e-galeonsuite-${process.pid}-${Date.now()}`;
  const parametersFile = path.join(os.tmpdir(), `${suiteId}.json`);

  after(async function () {
    await node?.stop();
    await removeDeployment(dexId);
    await removeDeployment(suiteId);
    await rm(parametersFile, { force: true });
  });

  it("deploys in two steps with the Ignition CLI and passes every check", async function () {
    node = await startNode("anvil");
    const deploy = async (module: string, id: string, parameters: string) => {
      const run = await hardhat(
        ["ignition", "deploy", module, "--network", "localnode", "--parameters", parameters, "--deployment-id", id],
        node!.url,
        300_000,
      );
      expect(run.code, run.stdout + run.stderr).to.equal(0);
      const file = path.join(ROOT, "deploy/deployments", id, "deployed_addresses.json");
      return JSON.parse(await readFile(file, "utf8")) as Record<string, string>;
    };
    // An existing Uniswap V2 and a stablecoin (their own deployment, as on a public network).
    const dex = await deploy("deploy/modules/LocalDex.ts", dexId, "deploy/parameters/local.json");
    // 1. $GALEON alone.
    const token = await deploy("deploy/modules/GaleonToken.ts", suiteId, "deploy/parameters/local.json");
    const galeonAddress = token["GaleonToken#GaleonToken"];
    // 2. A holder creates the EURC/GALEON pair and seeds it.
    const provider = new JsonRpcProvider(node.url, undefined, { staticNetwork: true });
    try {
      const holder = await provider.getSigner(DEV_ACCOUNTS[0]);
      const factory = new Contract(
        dex["LocalDex#UniswapV2Factory"],
        [
          "function createPair(address, address) returns (address)",
          "function getPair(address, address) view returns (address)",
        ],
        holder,
      );
      const eurcAddress = dex["LocalDex#TestEuro"];
      await (await factory.createPair(eurcAddress, galeonAddress)).wait();
      const pairAddress = (await factory.getPair(eurcAddress, galeonAddress)) as string;
      const eurc = new Contract(
        eurcAddress,
        ["function mint(address, uint256)", "function transfer(address, uint256)"],
        holder,
      );
      const galeon = new Contract(galeonAddress, ["function transfer(address, uint256)"], holder);
      await (await eurc.mint(pairAddress, 100_000n * 10n ** 6n)).wait();
      await (await galeon.transfer(pairAddress, 1_000_000n * 10n ** 18n)).wait();
      await (
        await new Contract(pairAddress, ["function mint(address) returns (uint256)"], holder).mint(DEV_ACCOUNTS[0])
      ).wait();

      // 3. GaleonSuite in the same deployment id, with the pair in its parameters.
      const local = JSON.parse(await readFile(path.join(ROOT, "deploy/parameters/local.json"), "utf8")) as Record<
        string,
        Record<string, unknown>
      >;
      const parameters = {
        $global: local.$global,
        GaleonToken: local.GaleonToken,
        GaleonSuite: {
          proposalThreshold: local.LocalSuite.proposalThreshold,
          attestor: DEV_ACCOUNTS[1],
          galeonPayout: DEV_ACCOUNTS[0],
          uniswapFactory: dex["LocalDex#UniswapV2Factory"],
          stablecoin: eurcAddress,
          stablecoinPair: pairAddress,
          stablecoinLot: "20000000000",
        },
      };
      await writeFile(parametersFile, JSON.stringify(parameters, null, 2));
      const suite = await deploy("deploy/modules/GaleonSuite.ts", suiteId, parametersFile);
      expect(suite["GaleonToken#GaleonToken"], "the token of step 1 is reused").to.equal(galeonAddress);

      const run = await hardhat(
        ["--network", "localnode", "galeon", "check", "--json", "--deployment-id", suiteId],
        node.url,
      );
      expect(run.code, run.stderr).to.equal(0);
      const result = JSON.parse(run.stdout) as { passed: boolean; deployer: string; checks: Array<{ pass: boolean }> };
      expect(result.passed).to.equal(true);
      expect(result.deployer).to.equal(DEV_ACCOUNTS[0]);
      // 22, and the job escrow's owner, pending owner, router and guardian.
      expect(result.checks).to.have.length(26);
      expect(result.checks.every((c) => c.pass)).to.equal(true);
    } finally {
      provider.destroy();
    }
  });
});
