/**
 * End to end: `galeon check` on the local suite deployed with the Ignition CLI on a separate node
 * (the Hardhat node, then anvil), run as a user runs it.
 */
import { expect } from "chai";

import { DEV_ACCOUNTS, hardhat, lines, type LocalSuiteOnNode, type NodeKind, startLocalSuite } from "./harness.js";

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
    });

    it("exits 1 with one line and the failing row when another split is expected", async function () {
      const run = await suite!.cli("galeon", "check", "--split", "4500,2500,2000,1000");
      expect(run.code).to.equal(1);
      expect(lines(run.stderr)).to.deep.equal([
        "error: 1 of 17 checks failed: split hospitals/treasury/buy-back/Galeon (bps)",
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
        expect(lines(run.stderr)[0]).to.match(/^error: --split "40,30,20" must be four basis points/);
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
