/**
 * The DAO acts on every component of the deployed suite (LocalSuite, local parameters): each case is
 * one proposal through the whole cycle — propose, vote, queue, wait for the timelock, execute — with
 * time travel, and then the component behaves as voted: real purchases signed by the real attestor,
 * real claims and withdrawals.
 */
import { expect } from "chai";
import { type BaseContract, id } from "ethers";
import { network } from "hardhat";

import { checkSuite } from "../../../domain/governance/check.js";
import type { TestStablecoin } from "../../../typechain-types/index.js";
import {
  DAY,
  E18,
  E6,
  HOSPITAL_STATUS,
  LOCAL_PARAMETERS,
  PAYEE,
  type LocalSuite,
  localSuiteFixture,
  purchase,
  readyToGovern,
  signedQuote,
} from "../fixtures/suite.js";
import { GovernorHelper, ProposalState, VoteType } from "../helpers/governance.js";

const { ethers, ignition, networkHelpers } = await network.create();
const { loadFixture, time } = networkHelpers;
const deploySuite = localSuiteFixture({ ethers, ignition, networkHelpers });

async function deployGoverned() {
  const suite = await deploySuite();
  const helper = await readyToGovern(suite, time);
  return { ...suite, helper };
}

/** One call of a proposal on a suite contract. */
function call(contract: BaseContract, fn: string, args: unknown[]) {
  return { target: contract.target as string, data: contract.interface.encodeFunctionData(fn, args) };
}

/** Proposes `actions`, votes For with the operator's 850M votes, queues, waits, and returns the execute call. */
async function passAndQueue(
  helper: GovernorHelper,
  suite: LocalSuite,
  actions: ReturnType<typeof call>[],
  description: string,
) {
  helper.setProposal(actions, description);
  await (await helper.propose()).wait();
  await helper.waitForSnapshot(1n);
  await (await helper.connect(suite.operator).vote({ support: VoteType.For })).wait();
  await helper.waitForDeadline(1n);
  expect(await suite.governor.state(helper.id)).to.equal(ProposalState.Succeeded);
  await (await helper.queue()).wait();
  await helper.waitForEta();
  return helper.execute();
}

/** Full cycle; asserts the proposal executed. */
async function govern(
  helper: GovernorHelper,
  suite: LocalSuite,
  actions: ReturnType<typeof call>[],
  description: string,
) {
  const execution = passAndQueue(helper, suite, actions, description);
  await expect(execution).to.emit(suite.governor, "ProposalExecuted").withArgs(helper.id);
  return execution;
}

describe("The DAO acts on every component of the deployed suite", function () {
  it("grants from the treasury what the treasury collected of a real purchase (its 30%)", async function () {
    const suite = await loadFixture(deployGoverned);
    const { router, treasury, eurc, helper, stranger } = suite;
    const price = 10_000n * E6;
    const { tx } = await purchase(suite, time, {
      amount: price,
      usage: [
        { hospitalId: 1, units: 3n },
        { hospitalId: 2, units: 1n },
      ],
    });
    await expect(tx).to.emit(router, "Purchased");
    expect(await router.payeeBalance(PAYEE.Treasury, eurc)).to.equal(3_000n * E6);

    // Anyone pulls the treasury's leg from the router.
    await expect(treasury.connect(stranger).collect(router, [eurc]))
      .to.emit(treasury, "Collected")
      .withArgs(await router.getAddress(), await eurc.getAddress(), 3_000n * E6);
    expect(await treasury.balanceOf(eurc)).to.equal(3_000n * E6);

    const grantee = suite.signers[11];
    const execution = await govern(
      helper,
      suite,
      [call(treasury, "transferToken", [await eurc.getAddress(), grantee.address, 1_200n * E6])],
      "Grant 1,200 EURC",
    );
    await expect(execution)
      .to.emit(treasury, "TokenPaid")
      .withArgs(await eurc.getAddress(), grantee.address, 1_200n * E6);
    expect(await eurc.balanceOf(grantee.address)).to.equal(1_200n * E6);
    expect(await treasury.balanceOf(eurc)).to.equal(1_800n * E6);
  });

  it("changes the split, and the next purchase follows it (and galeon check expects the new one)", async function () {
    const suite = await loadFixture(deployGoverned);
    const { router, eurc, helper } = suite;
    const execution = await govern(
      helper,
      suite,
      [call(router, "setSplit", [4500, 2500, 2000, 1000])],
      "Split 45/25/20/10",
    );
    await expect(execution).to.emit(router, "SplitSet").withArgs(4500, 2500, 2000, 1000);
    expect([...(await router.split())]).to.deep.equal([4500n, 2500n, 2000n, 1000n]);

    const { tx } = await purchase(suite, time, { amount: 10_000n * E6, usage: [{ hospitalId: 3, units: 7n }] });
    await (await tx).wait();
    expect(await router.hospitalBalance(3, eurc)).to.equal(4_500n * E6);
    expect(await router.payeeBalance(PAYEE.Treasury, eurc)).to.equal(2_500n * E6);
    expect(await router.payeeBalance(PAYEE.Buyback, eurc)).to.equal(2_000n * E6);
    expect(await router.payeeBalance(PAYEE.Galeon, eurc)).to.equal(1_000n * E6);

    const addresses = {
      token: await suite.token.getAddress(),
      timelock: await suite.timelock.getAddress(),
      governor: await suite.governor.getAddress(),
      treasury: await suite.treasury.getAddress(),
      router: await router.getAddress(),
      burner: await suite.burner.getAddress(),
    };
    const splitCheck = async (split?: [number, number, number, number]) =>
      (await checkSuite(ethers.provider, addresses, { split })).find((c) => c.check.startsWith("split"))!.pass;
    expect(await splitCheck()).to.equal(false);
    expect(await splitCheck([4500, 2500, 2000, 1000])).to.equal(true);
  });

  it("cannot lower the hospitals' share below 40%: the voted split is refused at execution", async function () {
    const suite = await loadFixture(deployGoverned);
    const { router, helper, governor } = suite;
    const execution = passAndQueue(
      helper,
      suite,
      [call(router, "setSplit", [3900, 3100, 2000, 1000])],
      "Split 39/31/20/10",
    );
    await expect(execution)
      .to.be.revertedWithCustomError(router, "DataAccessRouterInvalidSplit")
      .withArgs(3900, 3100, 2000, 1000);
    expect(await governor.state(helper.id)).to.equal(ProposalState.Queued);
    expect([...(await router.split())]).to.deep.equal([4000n, 3000n, 2000n, 1000n]);
  });

  it("allows an 18-decimal payment token, then a purchase pays in it", async function () {
    const suite = await loadFixture(deployGoverned);
    const { router, helper } = suite;
    const dai = (await ethers.deployContract("TestStablecoin", ["Test Dai", "tDAI", 18])) as unknown as TestStablecoin;
    const quoteBefore = await signedQuote(suite, time, {
      amount: 1_000n * E18,
      usage: [{ hospitalId: 1, units: 1n }],
      token: dai,
    });
    await expect(router.connect(suite.buyer).purchase(quoteBefore.quote, quoteBefore.signature, 1_000n * E18))
      .to.be.revertedWithCustomError(router, "DataAccessRouterTokenNotAllowed")
      .withArgs(await dai.getAddress());

    const execution = await govern(
      helper,
      suite,
      [call(router, "setTokenAllowed", [await dai.getAddress(), true])],
      "Allow tDAI",
    );
    await expect(execution)
      .to.emit(router, "TokenAllowedSet")
      .withArgs(await dai.getAddress(), true);

    const { tx } = await purchase(suite, time, {
      amount: 1_000n * E18,
      usage: [
        { hospitalId: 1, units: 1n },
        { hospitalId: 4, units: 1n },
      ],
      token: dai,
    });
    await expect(tx).to.emit(router, "Purchased");
    expect(await router.hospitalBalance(1, dai)).to.equal(200n * E18);
    expect(await router.hospitalBalance(4, dai)).to.equal(200n * E18);
    expect(await router.payeeBalance(PAYEE.Treasury, dai)).to.equal(300n * E18);
    expect(await dai.balanceOf(await router.getAddress())).to.equal(1_000n * E18);
  });

  it("registers a hospital, which a quote may then name", async function () {
    const suite = await loadFixture(deployGoverned);
    const { router, eurc, helper } = suite;
    const payout = suite.signers[12];
    const before = await signedQuote(suite, time, { amount: 100n * E6, usage: [{ hospitalId: 6, units: 1n }] });
    await eurc.mint(suite.buyer.address, 100n * E6);
    await eurc.connect(suite.buyer).approve(router, 100n * E6);
    await expect(router.connect(suite.buyer).purchase(before.quote, before.signature, 100n * E6))
      .to.be.revertedWithCustomError(router, "DataAccessRouterUnknownHospital")
      .withArgs(6);

    const metadataHash = id("galeon-hospital-6-metadata");
    const execution = await govern(
      helper,
      suite,
      [call(router, "register", [6, payout.address, metadataHash])],
      "Register hospital 6",
    );
    await expect(execution).to.emit(router, "HospitalRegistered").withArgs(6, payout.address, metadataHash);
    expect(await router.statusOf(6)).to.equal(HOSPITAL_STATUS.Active);

    const { tx } = await purchase(suite, time, {
      amount: 100n * E6,
      usage: [
        { hospitalId: 5, units: 1n },
        { hospitalId: 6, units: 3n },
      ],
    });
    await expect(tx).to.emit(router, "Purchased");
    expect(await router.hospitalBalance(6, eurc)).to.equal(30n * E6);
    await expect(router.claimHospital(6, [eurc]))
      .to.emit(router, "HospitalClaimed")
      .withArgs(6, await eurc.getAddress(), payout.address, 30n * E6);
    expect(await eurc.balanceOf(payout.address)).to.equal(30n * E6);
  });

  it("suspends a hospital: no new quote may name it, and it keeps and claims what it earned", async function () {
    const suite = await loadFixture(deployGoverned);
    const { router, eurc, helper, hospitals } = suite;
    const { tx } = await purchase(suite, time, { amount: 1_000n * E6, usage: [{ hospitalId: 1, units: 1n }] });
    await (await tx).wait();
    expect(await router.hospitalBalance(1, eurc)).to.equal(400n * E6);

    const execution = await govern(helper, suite, [call(router, "suspend", [1])], "Suspend hospital 1");
    await expect(execution).to.emit(router, "HospitalSuspended").withArgs(1);
    expect(await router.statusOf(1)).to.equal(HOSPITAL_STATUS.Suspended);

    const refused = await signedQuote(suite, time, { amount: 100n * E6, usage: [{ hospitalId: 1, units: 1n }] });
    await eurc.mint(suite.buyer.address, 100n * E6);
    await eurc.connect(suite.buyer).approve(router, 100n * E6);
    await expect(router.connect(suite.buyer).purchase(refused.quote, refused.signature, 100n * E6))
      .to.be.revertedWithCustomError(router, "DataAccessRouterHospitalSuspended")
      .withArgs(1);

    await expect(router.connect(suite.stranger).claimHospital(1, [eurc]))
      .to.emit(router, "HospitalClaimed")
      .withArgs(1, await eurc.getAddress(), hospitals[0].address, 400n * E6);
    expect(await eurc.balanceOf(hospitals[0].address)).to.equal(400n * E6);
  });

  it("rotates the attestor: the old signer's quotes are refused, the new signer's accepted", async function () {
    const suite = await loadFixture(deployGoverned);
    const { router, helper, attestor } = suite;
    const newAttestor = suite.signers[13];
    const execution = await govern(
      helper,
      suite,
      [call(router, "setAttestor", [newAttestor.address])],
      "Rotate the attestor",
    );
    await expect(execution).to.emit(router, "AttestorSet").withArgs(attestor.address, newAttestor.address);

    const old = await purchase(suite, time, { amount: 100n * E6, usage: [{ hospitalId: 2, units: 1n }] });
    await expect(old.tx)
      .to.be.revertedWithCustomError(router, "DataAccessRouterInvalidSigner")
      .withArgs(attestor.address, newAttestor.address);
    const fresh = await purchase(suite, time, {
      amount: 100n * E6,
      usage: [{ hospitalId: 2, units: 1n }],
      signer: newAttestor,
    });
    await expect(fresh.tx).to.emit(router, "Purchased");
  });

  it("changes the buy-back's lot, hop and deviation in one proposal", async function () {
    const suite = await loadFixture(deployGoverned);
    const { burner, eurc, helper } = suite;
    const eurcAddress = await eurc.getAddress();
    const execution = await govern(
      helper,
      suite,
      [
        call(burner, "setLot", [eurcAddress, 5_000n * E6]),
        call(burner, "setHop", [2n * 3600n]),
        call(burner, "setDeviation", [300n]),
      ],
      "Buy-back: 5,000 EURC lots every 2 hours, 3% band",
    );
    await expect(execution)
      .to.emit(burner, "LotSet")
      .withArgs(eurcAddress, 5_000n * E6);
    await expect(execution)
      .to.emit(burner, "HopSet")
      .withArgs(2n * 3600n);
    await expect(execution).to.emit(burner, "DeviationSet").withArgs(300n);
    const [, lot] = await burner.market(eurcAddress);
    expect(lot).to.equal(5_000n * E6);
    const parameters = await burner.parameters();
    expect(parameters.hop).to.equal(2n * 3600n);
    expect(parameters.deviationBps).to.equal(300n);
  });

  it("the guardian pauses the router: purchases stop, claims and withdrawals go on; only the DAO unpauses", async function () {
    const suite = await loadFixture(deployGoverned);
    const { router, eurc, helper, guardian, hospitals, treasury } = suite;
    const { tx } = await purchase(suite, time, { amount: 1_000n * E6, usage: [{ hospitalId: 2, units: 1n }] });
    await (await tx).wait();

    // A pause lasts 7 days by default, less than a proposal cycle: the DAO first makes it 14 days, so that
    // its own unpause below lands while the pause still runs.
    const parameters = await govern(
      helper,
      suite,
      [call(router, "setPauseParameters", [14n * DAY, 7n * DAY])],
      "Pauses last 14 days",
    );
    await expect(parameters)
      .to.emit(router, "PauseParametersSet")
      .withArgs(14n * DAY, 7n * DAY);

    const pausedAt = BigInt(await time.latest()) + 10n;
    await time.setNextBlockTimestamp(pausedAt);
    await expect(router.connect(guardian).pause())
      .to.emit(router, "Paused")
      .withArgs(guardian.address, pausedAt + 14n * DAY);
    const refused = await purchase(suite, time, { amount: 100n * E6, usage: [{ hospitalId: 2, units: 1n }] });
    await expect(refused.tx).to.be.revertedWithCustomError(router, "GuardianPausablePaused");

    await expect(router.claimHospital(2, [eurc]))
      .to.emit(router, "HospitalClaimed")
      .withArgs(2, await eurc.getAddress(), hospitals[1].address, 400n * E6);
    await expect(treasury.collect(router, [eurc]))
      .to.emit(treasury, "Collected")
      .withArgs(await router.getAddress(), await eurc.getAddress(), 300n * E6);
    await expect(router.withdrawPayee(PAYEE.Galeon, [eurc]))
      .to.emit(router, "PayeeWithdrawn")
      .withArgs(PAYEE.Galeon, await eurc.getAddress(), LOCAL_PARAMETERS.LocalSuite.galeonPayout, 100n * E6);

    for (const who of [guardian, suite.operator]) {
      await expect(router.connect(who).unpause())
        .to.be.revertedWithCustomError(router, "OwnableUnauthorizedAccount")
        .withArgs(who.address);
    }
    const execution = await govern(helper, suite, [call(router, "unpause", [])], "Unpause the router");
    expect(BigInt(await time.latest()) < pausedAt + 14n * DAY, "unpaused before the pause would end").to.equal(true);
    await expect(execution)
      .to.emit(router, "Unpaused")
      .withArgs(await suite.timelock.getAddress());
    const again = await purchase(suite, time, { amount: 100n * E6, usage: [{ hospitalId: 2, units: 1n }] });
    await expect(again.tx).to.emit(router, "Purchased");
  });

  it("the guardian's mandate expires everywhere, and the DAO renews it on the router, the buy-back and the Governor", async function () {
    const suite = await loadFixture(deployGoverned);
    const { router, burner, governor, guardian, helper } = suite;
    const expiry = BigInt(LOCAL_PARAMETERS.$global.guardianExpiry as string);
    await time.increaseTo(expiry);
    expect(await governor.proposalGuardian()).to.equal(ethers.ZeroAddress);
    for (const contract of [router, burner]) {
      await expect(contract.connect(guardian).pause())
        .to.be.revertedWithCustomError(contract, "GuardianPausableUnauthorized")
        .withArgs(guardian.address, guardian.address, expiry);
    }

    const renewedUntil = BigInt(await time.latest()) + 400n * DAY;
    const execution = await govern(
      helper,
      suite,
      [
        call(router, "setGuardian", [guardian.address, renewedUntil]),
        call(burner, "setGuardian", [guardian.address, renewedUntil]),
        call(governor, "setProposalGuardianMandate", [guardian.address, renewedUntil]),
      ],
      "Renew the guardian's mandate",
    );
    await expect(execution).to.emit(router, "GuardianSet").withArgs(guardian.address, renewedUntil);
    await expect(execution).to.emit(burner, "GuardianSet").withArgs(guardian.address, renewedUntil);
    await expect(execution).to.emit(governor, "ProposalGuardianExpirySet").withArgs(expiry, renewedUntil);
    expect(await governor.proposalGuardian()).to.equal(guardian.address);
    for (const contract of [router, burner]) {
      const pausedAt = BigInt(await time.latest()) + 10n;
      await time.setNextBlockTimestamp(pausedAt);
      await expect(contract.connect(guardian).pause())
        .to.emit(contract, "Paused")
        .withArgs(guardian.address, pausedAt + 7n * DAY);
    }
  });

  it("a proposal that hands the router to a mistyped address leaves the DAO in charge; renouncing fails at execution", async function () {
    const suite = await loadFixture(deployGoverned);
    const { router, burner, treasury, timelock, helper, operator } = suite;
    const typo = "0x000000000000000000000000000000000000dEaD";
    const tl = await timelock.getAddress();
    const handed = await govern(helper, suite, [call(router, "transferOwnership", [typo])], "Hand the router over");
    await expect(handed).to.emit(router, "OwnershipTransferStarted").withArgs(tl, typo);
    expect(await router.owner()).to.equal(tl);
    expect(await router.pendingOwner()).to.equal(typo);
    const checks = await checkSuite(ethers.provider, {
      token: await suite.token.getAddress(),
      timelock: tl,
      governor: await suite.governor.getAddress(),
      treasury: await treasury.getAddress(),
      router: await router.getAddress(),
      burner: await burner.getAddress(),
    });
    expect(checks.filter((c) => !c.pass).map((c) => [c.check, c.observed])).to.deep.equal([
      ["router (and hospital registry) pending owner", typo],
    ]);

    // The DAO cancels the transfer (zero address) and keeps every power.
    const cancelled = await govern(helper, suite, [call(router, "transferOwnership", [ethers.ZeroAddress])], "Cancel");
    await expect(cancelled).to.emit(router, "OwnershipTransferStarted").withArgs(tl, ethers.ZeroAddress);
    expect(await router.pendingOwner()).to.equal(ethers.ZeroAddress);

    // A proposal to renounce passes the vote but cannot execute: no contract of the suite ends without an admin.
    for (const contract of [router, burner, treasury]) {
      const execution = passAndQueue(
        helper.connect(operator),
        suite,
        [call(contract, "renounceOwnership", [])],
        `Renounce ${await contract.getAddress()}`,
      );
      await expect(execution).to.be.revertedWithCustomError(contract, "SuiteOwnableRenounceDisabled");
      expect(await contract.owner()).to.equal(tl);
    }
  });
});
