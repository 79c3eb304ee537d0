/**
 * The logic of `galeon check` (scripts/lib/check.ts) on the deployed local suite, and on suites
 * where a power was left behind: each failure is reported with what the chain says.
 */
import { expect } from "chai";
import { ZeroAddress } from "ethers";
import { network } from "hardhat";

import { TIMELOCK_ROLES } from "../../../deploy/modules/Dao.js";
import { type Check, checkSuite, parseSplit, type SuiteAddresses } from "../../../scripts/lib/check.js";
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
    // Owners, 4 roles, no other role, 10 outsiders, governor x2, payees x3, burner's router, split, guardian.
    expect(checks).to.have.length(3 + 4 + 1 + 10 + 2 + 3 + 1 + 1 + 1);
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
    expect(failures(checks).map((c) => c.check)).to.deep.equal([
      "router (and hospital registry) owner",
      "the deployer holds no power",
      "buy-back pulls its leg from",
    ]);
    expect(byName(checks, "router (and hospital registry) owner")).to.deep.include({
      observed: suite.operator.address,
      expected: addresses.timelock,
    });
    expect(byName(checks, "the deployer holds no power").observed).to.equal(`${suite.operator.address}: router owner`);
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

  it("parses --split: four basis points summing to 10,000, anything else refused", function () {
    expect(parseSplit("4500,2500,2000,1000")).to.deep.equal([4500, 2500, 2000, 1000]);
    expect(parseSplit(" 4000, 3000 ,2000,1000")).to.deep.equal([4000, 3000, 2000, 1000]);
    for (const bad of [
      "4000,3000,2000",
      "4000,3000,2000,999",
      "40%,30,20,10",
      "4000,3000,2000,1000,0",
      "",
      "-1,1,0,10000",
    ]) {
      expect(parseSplit(bad), bad).to.equal(undefined);
    }
  });
});
