/**
 * The logic of `galeon check` (domain/governance/check.ts) on the deployed local suite, and on suites
 * where a power was left behind: each failure is reported with what the chain says.
 */
import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { network } from "hardhat";

import { TIMELOCK_ROLES } from "../../../deploy/modules/Dao.js";
import { type Check, checkSuite, tryParseSplit, type SuiteAddresses } from "../../../domain/governance/check.js";
import { LOCAL_PARAMETERS, type LocalSuite, localSuiteFixture } from "../fixtures/suite.js";

const { ethers, ignition, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;
const deploySuite = localSuiteFixture({ ethers, ignition, networkHelpers });

async function addressesOf(suite: LocalSuite): Promise<SuiteAddresses> {
  return {
    token: await suite.token.getAddress(),
    timelock: await suite.timelock.getAddress(),
    governor: await suite.governor.getAddress(),
    treasury: await suite.treasury.getAddress(),
    router: await suite.router.getAddress(),
    burner: await suite.burner.getAddress(),
    escrow: await suite.escrow.getAddress(),
  };
}

function outsiders(suite: LocalSuite) {
  return suite.devAccounts.map((a, i) => ({
    label: i === 0 ? "the deployer" : `dev account ${i}`,
    address: a.address,
  }));
}

const failures = (checks: Check[]) => checks.filter((c) => !c.pass);
const byName = (checks: Check[], name: string) => {
  const found = checks.find((c) => c.check === name);
  expect(found, name).to.not.equal(undefined);
  return found!;
};

describe("galeon check (logic)", function () {
  it("passes every check on the freshly deployed local suite", async function () {
    const suite = await loadFixture(deploySuite);
    const addresses = await addressesOf(suite);
    const checks = await checkSuite(ethers.provider, addresses, {
      galeonPayout: LOCAL_PARAMETERS.LocalSuite.galeonPayout as string,
      outsiders: outsiders(suite),
    });
    expect(failures(checks)).to.deep.equal([]);
    // Owners, pending owners, 4 roles, no other role, min delay, no leftover operation, 10 outsiders,
    // governor x2, payees x3, burner's router, split, guardian; the job escrow's owner, pending owner,
    // router and guardian.
    expect(checks).to.have.length(3 + 3 + 4 + 1 + 1 + 1 + 10 + 2 + 3 + 1 + 1 + 1 + 4);
    expect(byName(checks, "job escrow owner").observed).to.equal(addresses.timelock);
    expect(byName(checks, "job escrow settles through").observed).to.equal(addresses.router);
    expect(byName(checks, "timelock PROPOSER_ROLE holders").observed).to.equal(addresses.governor);
    expect(byName(checks, "timelock EXECUTOR_ROLE holders").observed).to.equal(ZeroAddress);
    expect(byName(checks, "split hospitals/treasury/buy-back/Galeon (bps)").observed).to.equal("4000/3000/2000/1000");
    expect(byName(checks, "the deployer holds no power").observed).to.equal(`${suite.operator.address}: nothing`);
  });

  it("fails when the router is still owned by the deployer, naming the owner and the miswired buy-back", async function () {
    const suite = await loadFixture(deploySuite);
    const addresses = await addressesOf(suite);
    // A router the operator forgot to hand over: same constructor as the suite's, owner = deployer.
    const kept = await ethers.deployContract("DataAccessRouter", [
      suite.operator.address,
      suite.guardian.address,
      LOCAL_PARAMETERS.$global.guardianExpiry as string,
      suite.attestor.address,
      [addresses.treasury, addresses.burner, suite.operator.address],
      [await suite.eurc.getAddress(), addresses.token],
    ]);
    const checks = await checkSuite(
      ethers.provider,
      { ...addresses, router: await kept.getAddress() },
      { galeonPayout: suite.operator.address, outsiders: outsiders(suite) },
    );
    // The suite's escrow settles through the suite's router, not the kept one: miswired too.
    expect(failures(checks).map((c) => c.check)).to.deep.equal([
      "router (and hospital registry) owner",
      "the deployer holds no power",
      "buy-back pulls its leg from",
      "job escrow settles through",
    ]);
    expect(byName(checks, "router (and hospital registry) owner")).to.deep.include({
      observed: suite.operator.address,
      expected: addresses.timelock,
    });
    expect(byName(checks, "the deployer holds no power").observed).to.equal(`${suite.operator.address}: router owner`);
  });

  it("fails when the job escrow is still owned by the deployer, or settles through another router", async function () {
    const suite = await loadFixture(deploySuite);
    const addresses = await addressesOf(suite);
    const kept = await ethers.deployContract("JobEscrow", [
      suite.operator.address,
      suite.guardian.address,
      LOCAL_PARAMETERS.$global.guardianExpiry as string,
      suite.stranger.address,
    ]);
    const checks = await checkSuite(
      ethers.provider,
      { ...addresses, escrow: await kept.getAddress() },
      { galeonPayout: LOCAL_PARAMETERS.LocalSuite.galeonPayout as string, outsiders: outsiders(suite) },
    );
    expect(failures(checks).map((c) => c.check)).to.deep.equal([
      "job escrow owner",
      "the deployer holds no power",
      "job escrow settles through",
    ]);
    expect(byName(checks, "job escrow owner")).to.deep.include({
      observed: suite.operator.address,
      expected: addresses.timelock,
    });
    expect(byName(checks, "the deployer holds no power").observed).to.equal(
      `${suite.operator.address}: job escrow owner`,
    );
  });

  it("fails when the deployer kept the timelock's admin role, from the events and from hasRole", async function () {
    const suite = await loadFixture(deploySuite);
    const addresses = await addressesOf(suite);
    const timelock = await ethers.deployContract("TimelockController", [
      2n * 86_400n,
      [addresses.governor],
      [ZeroAddress],
      suite.operator.address,
    ]);
    const checks = await checkSuite(
      ethers.provider,
      { ...addresses, timelock: await timelock.getAddress() },
      { galeonPayout: suite.operator.address, outsiders: outsiders(suite) },
    );
    const admin = byName(checks, "timelock DEFAULT_ADMIN_ROLE holders");
    expect(admin.pass).to.equal(false);
    expect(admin.observed).to.contain(suite.operator.address);
    expect(byName(checks, "the deployer holds no power")).to.deep.include({
      pass: false,
      observed: `${suite.operator.address}: timelock DEFAULT_ADMIN_ROLE`,
    });
    // The real suite's contracts are owned by the real timelock, not this one, and the Governor points elsewhere.
    expect(byName(checks, "router (and hospital registry) owner").pass).to.equal(false);
    expect(byName(checks, "governor's timelock").pass).to.equal(false);
    expect(await timelock.hasRole(TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, suite.operator.address)).to.equal(true);
  });

  it("fails the split check when another split is expected, and the Galeon payee when another address is", async function () {
    const suite = await loadFixture(deploySuite);
    const checks = await checkSuite(ethers.provider, await addressesOf(suite), {
      split: [4500, 2500, 2000, 1000],
      galeonPayout: suite.stranger.address,
    });
    expect(failures(checks).map((c) => c.check)).to.deep.equal([
      "router pays Galeon leg to",
      "split hospitals/treasury/buy-back/Galeon (bps)",
    ]);
    expect(byName(checks, "split hospitals/treasury/buy-back/Galeon (bps)")).to.deep.include({
      observed: "4000/3000/2000/1000",
      expected: "4500/2500/2000/1000",
    });
  });

  it("fails when a transfer of ownership is pending, naming the pending owner (a mistyped address, say)", async function () {
    const suite = await loadFixture(deploySuite);
    const addresses = await addressesOf(suite);
    // The timelock (as a passed proposal would) offers the router and the treasury to other accounts.
    await networkHelpers.impersonateAccount(addresses.timelock);
    await networkHelpers.setBalance(addresses.timelock, 10n ** 18n);
    const timelock = await ethers.getSigner(addresses.timelock);
    await (await suite.router.connect(timelock).transferOwnership(suite.stranger.address)).wait();
    await (await suite.treasury.connect(timelock).transferOwnership(suite.operator.address)).wait();
    const checks = await checkSuite(ethers.provider, addresses, {
      galeonPayout: LOCAL_PARAMETERS.LocalSuite.galeonPayout as string,
      outsiders: outsiders(suite),
    });
    expect(failures(checks).map((c) => c.check)).to.deep.equal([
      "router (and hospital registry) pending owner",
      "treasury pending owner",
      "the deployer holds no power",
    ]);
    expect(byName(checks, "router (and hospital registry) pending owner")).to.deep.include({
      observed: suite.stranger.address,
      expected: "none",
    });
    expect(byName(checks, "the deployer holds no power").observed).to.equal(
      `${suite.operator.address}: treasury pending owner`,
    );
    // Owners are unchanged until the new owner accepts.
    expect(byName(checks, "router (and hospital registry) owner").pass).to.equal(true);
  });

  it("fails when the timelock's delay is not the configured one, or a deployer's operation is still pending", async function () {
    const suite = await loadFixture(deploySuite);
    const addresses = await addressesOf(suite);
    expect(
      byName(await checkSuite(ethers.provider, addresses, { minDelay: 2n * 86_400n }), "timelock min delay").pass,
    ).to.equal(true);
    expect(
      byName(await checkSuite(ethers.provider, addresses, { minDelay: 86_400n }), "timelock min delay"),
    ).to.deep.include({ pass: false, observed: "172800 s", expected: "86400 s" });

    // A timelock whose deployer kept an operation scheduled (with a 0 delay) and never executed it: anyone
    // could execute it later, behind the DAO's back.
    const rogue = await ethers.deployContract("TimelockController", [
      0n,
      [suite.operator.address],
      [ZeroAddress],
      ZeroAddress,
    ]);
    const data = suite.treasury.interface.encodeFunctionData("transferToken", [
      await suite.eurc.getAddress(),
      suite.operator.address,
      1n,
    ]);
    await (await rogue.schedule(addresses.treasury, 0n, data, ethers.ZeroHash, ethers.ZeroHash, 0n)).wait();
    const checks = await checkSuite(ethers.provider, { ...addresses, timelock: await rogue.getAddress() }, {});
    const pending = byName(checks, "timelock: no operation pending from a proposer other than the Governor");
    expect(pending.pass).to.equal(false);
    expect(pending.observed).to.match(/^1 pending: 0x[0-9a-f]{64}$/);
    expect(byName(checks, "timelock min delay").observed).to.equal("0 s");
  });

  it("parses --split: four basis points summing to 10,000, anything else refused", function () {
    expect(tryParseSplit("4500,2500,2000,1000")).to.deep.equal([4500, 2500, 2000, 1000]);
    expect(tryParseSplit(" 4000, 3000 ,2000,1000")).to.deep.equal([4000, 3000, 2000, 1000]);
    for (const bad of [
      "4000,3000,2000",
      "4000,3000,2000,999",
      "40%,30,20,10",
      "4000,3000,2000,1000,0",
      "",
      "-1,1,0,10000",
    ]) {
      expect(tryParseSplit(bad), bad).to.equal(undefined);
    }
  });
});
