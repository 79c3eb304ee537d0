/**
 * No executed proposal leaves the suite without a working admin (the deployed LocalSuite, local
 * parameters). The timelock owns every contract; the Governor is its only proposer and canceller;
 * anyone executes. A proposal that would take the last proposer, canceller, executor or admin away from
 * the timelock, set a delay above 30 days, or point the Governor at another timelock fails at execution,
 * and the DAO still acts on the suite afterwards. A migration to a new Governor stays possible: grant it
 * the roles first, then revoke the old one's.
 */
import { expect } from "chai";
import { type BaseContract, ZeroAddress } from "ethers";
import { network } from "hardhat";

import { TIMELOCK_ROLES } from "../../../deploy/modules/Dao.js";
import { localSuiteFixture, readyToGovern } from "../fixtures/suite.js";
import { VoteType } from "../helpers/governance.js";

const { ethers, ignition, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;
const deploySuite = localSuiteFixture({ ethers, ignition, networkHelpers });

async function deployGoverned() {
  const suite = await deploySuite();
  const helper = await readyToGovern(suite, time);
  // The deployed timelock is a GaleonTimelock (its future keeps the id TimelockController).
  const timelock = await ethers.getContractAt("GaleonTimelock", await suite.timelock.getAddress());
  return { ...suite, helper, timelock };
}

type Suite = Awaited<ReturnType<typeof deployGoverned>>;

function call(contract: BaseContract, fn: string, args: unknown[] = []) {
  return { target: contract.target as string, data: contract.interface.encodeFunctionData(fn, args) };
}

/** Proposes, passes and queues `actions`, then returns the execution's promise. */
async function passAndExecute(suite: Suite, actions: Array<{ target: string; data: string }>, description: string) {
  const { helper, governor, operator } = suite;
  helper.setProposal(actions, description);
  await (await helper.connect(operator).propose()).wait();
  await helper.waitForSnapshot(1n);
  await (await governor.connect(operator).castVote(helper.id, VoteType.For)).wait();
  await helper.waitForDeadline(1n);
  await (await helper.connect(operator).queue()).wait();
  await helper.waitForEta();
  return helper.execute();
}

/** The DAO still acts on the suite: a proposal rotating the router's attestor executes. */
async function daoStillActs(suite: Suite) {
  const { router, stranger } = suite;
  await expect(passAndExecute(suite, [call(router, "setAttestor", [stranger.address])], "Still acts"))
    .to.emit(router, "AttestorSet")
    .withArgs(await router.attestor(), stranger.address);
}

describe("No executed proposal strands the suite (deployed suite)", function () {
  for (const [name, role] of [
    ["proposer", TIMELOCK_ROLES.PROPOSER_ROLE],
    ["canceller", TIMELOCK_ROLES.CANCELLER_ROLE],
  ] as const) {
    it(`a proposal revoking the Governor's ${name} role (the last one) fails, and the DAO still acts`, async function () {
      const suite = await loadFixture(deployGoverned);
      const { timelock, governor } = suite;
      const governorAddress = await governor.getAddress();
      await expect(passAndExecute(suite, [call(timelock, "revokeRole", [role, governorAddress])], `Revoke ${name}`))
        .to.be.revertedWithCustomError(timelock, "GaleonTimelockLastRoleMember")
        .withArgs(role, governorAddress);
      expect(await timelock.hasRole(role, governorAddress)).to.equal(true);
      await daoStillActs(suite);
    });
  }

  it("a proposal revoking the open executor role or the timelock's own admin role fails", async function () {
    const suite = await loadFixture(deployGoverned);
    const { timelock } = suite;
    const self = await timelock.getAddress();
    await expect(
      passAndExecute(suite, [call(timelock, "revokeRole", [TIMELOCK_ROLES.EXECUTOR_ROLE, ZeroAddress])], "No executor"),
    )
      .to.be.revertedWithCustomError(timelock, "GaleonTimelockLastRoleMember")
      .withArgs(TIMELOCK_ROLES.EXECUTOR_ROLE, ZeroAddress);
    await expect(
      passAndExecute(suite, [call(timelock, "revokeRole", [TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, self])], "No admin"),
    )
      .to.be.revertedWithCustomError(timelock, "GaleonTimelockLastRoleMember")
      .withArgs(TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, self);
    await daoStillActs(suite);
  });

  it("a proposal setting the timelock's delay above 30 days fails", async function () {
    const suite = await loadFixture(deployGoverned);
    const { timelock } = suite;
    const tooLong = 30n * 86_400n + 1n;
    await expect(passAndExecute(suite, [call(timelock, "updateDelay", [tooLong])], "Delay a year"))
      .to.be.revertedWithCustomError(timelock, "GaleonTimelockDelayTooLong")
      .withArgs(tooLong, 30n * 86_400n);
    await daoStillActs(suite);
  });

  it("a proposal pointing the Governor at another timelock fails", async function () {
    const suite = await loadFixture(deployGoverned);
    const { governor, stranger } = suite;
    await expect(
      passAndExecute(suite, [call(governor, "updateTimelock", [stranger.address])], "Another timelock"),
    ).to.be.revertedWithCustomError(governor, "GaleonGovernorTimelockFixed");
    await daoStillActs(suite);
  });

  it("a migration to a new Governor stays possible: grant it the roles, then revoke the old one's", async function () {
    const suite = await loadFixture(deployGoverned);
    const { timelock, governor, stranger } = suite;
    const old = await governor.getAddress();
    const roles = [TIMELOCK_ROLES.PROPOSER_ROLE, TIMELOCK_ROLES.CANCELLER_ROLE];
    const execution = passAndExecute(
      suite,
      [
        ...roles.map((role) => call(timelock, "grantRole", [role, stranger.address])),
        ...roles.map((role) => call(timelock, "revokeRole", [role, old])),
      ],
      "Migrate",
    );
    await expect(execution).to.emit(timelock, "RoleRevoked").withArgs(TIMELOCK_ROLES.PROPOSER_ROLE, old, anyAddress);
    for (const role of roles) expect(await timelock.hasRole(role, stranger.address)).to.equal(true);
  });
});

function anyAddress(value: unknown): boolean {
  return typeof value === "string" && value.startsWith("0x");
}
