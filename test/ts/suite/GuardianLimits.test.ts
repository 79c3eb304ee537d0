/**
 * Emergency powers end by themselves (the deployed LocalSuite, local parameters): the guardian's pause
 * ends after 7 days, the guardian cannot pause again before a 7-day cooldown, and a supermajority of
 * the DAO unpauses and removes the guardian everywhere in one proposal cycle that the guardian cannot
 * cancel, long before the guardian's mandate would have expired.
 */
import { expect } from "chai";
import { type BaseContract, ZeroAddress } from "ethers";
import { network } from "hardhat";

import { DAY, E18, E6, LOCAL_PARAMETERS, localSuiteFixture, purchase, readyToGovern } from "../fixtures/suite.js";
import { ProposalState, VoteType } from "../helpers/governance.js";

const { ethers, ignition, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;
const deploySuite = localSuiteFixture({ ethers, ignition, networkHelpers });

const GUARDIAN_EXPIRY = BigInt(LOCAL_PARAMETERS.$global.guardianExpiry as string);
const PAUSE = 7n * DAY;
const COOLDOWN = 7n * DAY;

async function deployGoverned() {
  const suite = await deploySuite();
  const helper = await readyToGovern(suite, time);
  return { ...suite, helper };
}

function call(contract: BaseContract, fn: string, args: unknown[] = []) {
  return { target: contract.target as string, data: contract.interface.encodeFunctionData(fn, args) };
}

/** Mines the next transaction at `at` and returns `at`. */
async function nextAt(at: bigint): Promise<bigint> {
  await time.setNextBlockTimestamp(at);
  return at;
}

describe("Emergency powers end by themselves (deployed suite)", function () {
  it("a guardian's pause ends by itself after 7 days: purchases and buy-backs resume without any vote", async function () {
    const suite = await loadFixture(deployGoverned);
    const { router, burner, guardian } = suite;
    for (const contract of [router, burner]) {
      const at = await nextAt(BigInt(await time.latest()) + 10n);
      await expect(contract.connect(guardian).pause())
        .to.emit(contract, "Paused")
        .withArgs(guardian.address, at + PAUSE);
    }
    const refused = await purchase(suite, time, { amount: 100n * E6, usage: [{ hospitalId: 1, units: 1n }] });
    await expect(refused.tx).to.be.revertedWithCustomError(router, "GuardianPausablePaused");

    await time.increase(PAUSE);
    expect(await router.paused()).to.equal(false);
    expect(await burner.paused()).to.equal(false);
    const again = await purchase(suite, time, { amount: 100n * E6, usage: [{ hospitalId: 1, units: 1n }] });
    await expect(again.tx).to.emit(router, "Purchased");
  });

  it("the guardian cannot pause again before its cooldown, measured from the end of its pause", async function () {
    const suite = await loadFixture(deployGoverned);
    const { router, guardian } = suite;
    const at = await nextAt(BigInt(await time.latest()) + 10n);
    await (await router.connect(guardian).pause()).wait();
    const allowedFrom = at + PAUSE + COOLDOWN;
    await nextAt(at + PAUSE + 1n);
    await expect(router.connect(guardian).pause())
      .to.be.revertedWithCustomError(router, "GuardianPausableCooldown")
      .withArgs(allowedFrom, at + PAUSE + 1n);
    await nextAt(allowedFrom);
    await expect(router.connect(guardian).pause())
      .to.emit(router, "Paused")
      .withArgs(guardian.address, allowedFrom + PAUSE);
  });

  it("the DAO unpauses and removes the guardian in one proposal the guardian cannot cancel, before its mandate expires", async function () {
    const suite = await loadFixture(deployGoverned);
    const { router, burner, escrow, governor, timelock, guardian, helper, operator, holder } = suite;

    // The guardian freezes purchases, buy-backs and new escrow locks.
    await (await router.connect(guardian).pause()).wait();
    const pausedAt = BigInt(await time.latest());
    await (await burner.connect(guardian).pause()).wait();
    await (await escrow.connect(guardian).pause()).wait();

    // The DAO answers at once: unpause and remove the guardian from the router, the buy-back, the escrow and
    // the Governor.
    helper.setProposal(
      [
        call(router, "unpause"),
        call(router, "setGuardian", [ZeroAddress, 0n]),
        call(burner, "unpause"),
        call(burner, "setGuardian", [ZeroAddress, 0n]),
        call(escrow, "unpause"),
        call(escrow, "setGuardian", [ZeroAddress, 0n]),
        call(governor, "setProposalGuardianMandate", [ZeroAddress, 0n]),
      ],
      "Unpause and remove the guardian",
    );
    await (await helper.connect(operator).propose()).wait();
    const id = helper.id;

    const refuse = async () =>
      expect(helper.connect(guardian).cancel())
        .to.be.revertedWithCustomError(governor, "GovernorUnableToCancel")
        .withArgs(id, guardian.address);
    await refuse();
    expect(await governor.isGuardianLimiting(id)).to.equal(true);

    await helper.waitForSnapshot(1n);
    await refuse();
    // 850M For, 150M Against: 85% of the votes cast, above two thirds.
    await (await governor.connect(operator).castVote(id, VoteType.For)).wait();
    await (await governor.connect(holder).castVote(id, VoteType.Against)).wait();
    await helper.waitForDeadline(1n);
    expect(await governor.state(id)).to.equal(ProposalState.Succeeded);
    await refuse();
    await (await helper.connect(operator).queue()).wait();
    await refuse();

    // Meanwhile the pause ended by itself, and the cooldown keeps the guardian from pausing again.
    expect(await router.paused()).to.equal(false);
    await expect(router.connect(guardian).pause())
      .to.be.revertedWithCustomError(router, "GuardianPausableCooldown")
      .withArgs(pausedAt + PAUSE + COOLDOWN, anyUint);

    await helper.waitForEta();
    const execution = helper.execute();
    await expect(execution).to.emit(governor, "ProposalExecuted").withArgs(id);
    // The pauses had already ended: unpause changes nothing and says nothing, so the proposal cannot fail.
    await expect(execution).to.not.emit(router, "Unpaused");
    await expect(execution).to.emit(router, "GuardianSet").withArgs(ZeroAddress, 0n);
    await expect(execution).to.emit(burner, "GuardianSet").withArgs(ZeroAddress, 0n);
    await expect(execution).to.emit(escrow, "GuardianSet").withArgs(ZeroAddress, 0n);
    await expect(execution).to.emit(governor, "ProposalGuardianSet").withArgs(guardian.address, ZeroAddress);

    const now = BigInt(await time.latest());
    expect(now - pausedAt < 14n * DAY, "one proposal cycle").to.equal(true);
    expect(now < GUARDIAN_EXPIRY, "long before the mandate's expiry").to.equal(true);
    for (const contract of [router, burner, escrow]) {
      expect(await contract.paused()).to.equal(false);
      expect([...(await contract.guardian())]).to.deep.equal([ZeroAddress, 0n]);
      await expect(contract.connect(guardian).pause())
        .to.be.revertedWithCustomError(contract, "GuardianPausableUnauthorized")
        .withArgs(guardian.address, ZeroAddress, 0n);
    }
    expect(await governor.proposalGuardian()).to.equal(ZeroAddress);
    expect(await timelock.getMinDelay()).to.equal(2n * DAY);
    const bought = await purchase(suite, time, { amount: 100n * E6, usage: [{ hospitalId: 1, units: 1n }] });
    await expect(bought.tx).to.emit(router, "Purchased");
  });

  it("the DAO's fixing proposal pauses even while a guardian's pause runs: its pause replaces the guardian's", async function () {
    const suite = await loadFixture(deployGoverned);
    const { router, burner, governor, timelock, guardian, helper, operator, stranger } = suite;
    const timelockAddress = await timelock.getAddress();
    // An ordinary fix: pause both contracts and rotate the attestor, in one proposal.
    helper.setProposal(
      [call(router, "pause"), call(burner, "pause"), call(router, "setAttestor", [stranger.address])],
      "Pause and rotate the attestor",
    );
    await (await helper.connect(operator).propose()).wait();
    await helper.waitForSnapshot(1n);
    await (await governor.connect(operator).castVote(helper.id, VoteType.For)).wait();
    await helper.waitForDeadline(1n);
    await (await helper.connect(operator).queue()).wait();
    await helper.waitForEta();
    // The guardian times its pauses to run when the fix executes.
    await (await router.connect(guardian).pause()).wait();
    await (await burner.connect(guardian).pause()).wait();
    const executedAt = await nextAt(BigInt(await time.latest()) + 60n);
    const execution = helper.execute();
    await expect(execution).to.emit(governor, "ProposalExecuted").withArgs(helper.id);
    await expect(execution)
      .to.emit(router, "Paused")
      .withArgs(timelockAddress, executedAt + PAUSE);
    await expect(execution)
      .to.emit(burner, "Paused")
      .withArgs(timelockAddress, executedAt + PAUSE);
    await expect(execution).to.emit(router, "AttestorSet");
    for (const contract of [router, burner]) {
      expect((await contract.pauseState())[0]).to.equal(executedAt + PAUSE);
    }
  });

  it("a removal with a simple majority below two thirds is Defeated", async function () {
    const suite = await loadFixture(deployGoverned);
    const { router, governor, helper, operator, holder } = suite;
    // The operator moves votes to the holder: 550M For, 450M Against (55%).
    await (await suite.token.connect(operator).transfer(holder.address, 300_000_000n * E18)).wait();
    await time.increase(1);
    helper.setProposal([call(router, "setGuardian", [ZeroAddress, 0n])], "Remove the router's guardian");
    await (await helper.connect(operator).propose()).wait();
    await helper.waitForSnapshot(1n);
    await (await governor.connect(operator).castVote(helper.id, VoteType.For)).wait();
    await (await governor.connect(holder).castVote(helper.id, VoteType.Against)).wait();
    await helper.waitForDeadline(1n);
    expect(await governor.state(helper.id)).to.equal(ProposalState.Defeated);
  });

  it("a mixed proposal (removal plus another change) stays cancellable by the guardian", async function () {
    const suite = await loadFixture(deployGoverned);
    const { router, governor, guardian, helper, operator, stranger } = suite;
    helper.setProposal(
      [call(router, "setGuardian", [ZeroAddress, 0n]), call(router, "setAttestor", [stranger.address])],
      "Remove the guardian and change the attestor",
    );
    await (await helper.connect(operator).propose()).wait();
    expect(await governor.isGuardianLimiting(helper.id)).to.equal(false);
    await expect(helper.connect(guardian).cancel()).to.emit(governor, "ProposalCanceled").withArgs(helper.id);
  });
});

/** Any unsigned integer (the block time of a refused call is not known in advance). */
function anyUint(value: unknown): boolean {
  return typeof value === "bigint" && value >= 0n;
}
