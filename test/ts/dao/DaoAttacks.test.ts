import { expect } from "chai";
import { network } from "hardhat";

import { TIMELOCK_ROLES } from "../../../deploy/modules/Dao.js";
import { ALLOCATION, DAY, E18, E6, LATE_QUORUM_EXTENSION, QUORUM, TREASURY_EURC, daoFixture } from "../fixtures/dao.js";
import { ProposalState, VoteType } from "../helpers/governance.js";

const { ethers, ignition, networkHelpers } = await network.create();
const { time, loadFixture } = networkHelpers;
const deployDao = daoFixture({ ethers, ignition, networkHelpers });

/** A proposal that drains the treasury's EURC to `thief`: what an attacker wants to pass. */
async function drainProposal(dao: Awaited<ReturnType<typeof deployDao>>, thief: string, description: string) {
  const { treasury, eurc, helper } = dao;
  return helper.setProposal(
    [
      {
        target: await treasury.getAddress(),
        data: treasury.interface.encodeFunctionData("transferToken", [await eurc.getAddress(), thief, TREASURY_EURC]),
      },
    ],
    description,
  );
}

describe("DAO attacks", function () {
  describe("vote buying and flash loans (the snapshot)", function () {
    async function activeProposalFixture() {
      const dao = await deployDao();
      await drainProposal(dao, dao.stranger.address, "Drain");
      await dao.helper.connect(dao.alice).propose();
      return dao;
    }

    it("refuses every vote in the snapshot's own second: tokens cannot be borrowed, delegated and voted at once there", async function () {
      const { governor, helper, alice } = await loadFixture(activeProposalFixture);
      await helper.waitForSnapshot(-1n); // the next block is the snapshot's second
      await expect(helper.connect(alice).vote({ support: VoteType.For }))
        .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
        .withArgs(helper.id, ProposalState.Pending, ethers.toBeHex(1n << BigInt(ProposalState.Active), 32));
    });

    it("gives no weight to tokens bought and delegated after the snapshot", async function () {
      const { governor, token, helper, whale, stranger } = await loadFixture(activeProposalFixture);
      await helper.waitForSnapshot(1n);
      // the attacker buys the whale's bag and delegates to itself once the vote is open
      await token.connect(whale).transfer(stranger.address, ALLOCATION.whale);
      await token.connect(stranger).delegate(stranger.address);
      expect(await token.getVotes(stranger.address)).to.equal(ALLOCATION.whale);
      await expect(helper.connect(stranger).vote({ support: VoteType.For }))
        .to.emit(governor, "VoteCast")
        .withArgs(stranger.address, helper.id, VoteType.For, 0n, "");
      const [against, forVotes, abstain] = await governor.proposalVotes(helper.id);
      expect(against + forVotes + abstain).to.equal(0n);
    });

    it("gives no weight to a delegation made in the same block as the vote (a flash-loan vote)", async function () {
      const { governor, token, helper, whale } = await loadFixture(activeProposalFixture);
      await helper.waitForSnapshot(1n);
      // one block: the whale (who never delegated) delegates and votes, as a flash-loan contract would
      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        const delegateTx = await token.connect(whale).delegate(whale.address, { gasLimit: 200_000n });
        const voteTx = await governor.connect(whale).castVote(helper.id, VoteType.For, { gasLimit: 300_000n });
        await networkHelpers.mine();
        const [delegated, voted] = [await delegateTx.wait(), await voteTx.wait()];
        expect(delegated!.blockNumber).to.equal(voted!.blockNumber);
        await expect(voteTx).to.emit(governor, "VoteCast").withArgs(whale.address, helper.id, VoteType.For, 0n, "");
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      expect(await token.getVotes(whale.address)).to.equal(ALLOCATION.whale);
      const [, forVotes] = await governor.proposalVotes(helper.id);
      expect(forVotes).to.equal(0n);
    });

    it("counts a delegation made up to the snapshot second (the voting delay is the holders' window)", async function () {
      const { governor, token, helper, whale } = await loadFixture(activeProposalFixture);
      const snapshot = await governor.proposalSnapshot(helper.id);
      await time.setNextBlockTimestamp(snapshot);
      await token.connect(whale).delegate(whale.address);
      await expect(helper.connect(whale).vote({ support: VoteType.For }))
        .to.emit(governor, "VoteCast")
        .withArgs(whale.address, helper.id, VoteType.For, ALLOCATION.whale, "");
    });
  });

  describe("late quorum (GovernorPreventLateQuorum)", function () {
    it("extends the deadline when a whale brings quorum at the last minute, so others can still answer", async function () {
      const dao = await loadFixture(deployDao);
      const { governor, token, treasury, eurc, helper, alice, whale, reserve, stranger } = dao;
      await token.connect(whale).delegate(whale.address);
      await time.increase(1);
      await drainProposal(dao, stranger.address, "Drain, quietly");
      await helper.connect(alice).propose();
      await helper.waitForSnapshot(1n);
      await helper.connect(alice).vote({ support: VoteType.For });
      expect(ALLOCATION.alice).to.be.lessThan(QUORUM);
      const originalDeadline = await governor.proposalDeadline(helper.id);

      // one minute before the end, the whale votes For and reaches quorum
      await time.increaseTo(originalDeadline - 60n);
      const tx = helper.connect(whale).vote({ support: VoteType.For });
      const votedAt = BigInt((await ethers.provider.getBlock((await (await tx).wait())!.blockNumber))!.timestamp);
      await expect(tx)
        .to.emit(governor, "ProposalExtended")
        .withArgs(helper.id, votedAt + LATE_QUORUM_EXTENSION);
      expect(await governor.proposalDeadline(helper.id)).to.equal(votedAt + LATE_QUORUM_EXTENSION);

      // past the original deadline the vote is still open, and the rest of the holders outvote it
      await time.increaseTo(originalDeadline + 1n);
      expect(await governor.state(helper.id)).to.equal(ProposalState.Active);
      await helper.connect(reserve).vote({ support: VoteType.Against });
      await helper.waitForDeadline(1n);
      expect(await governor.state(helper.id)).to.equal(ProposalState.Defeated);
      expect(await treasury.balanceOf(await eurc.getAddress())).to.equal(TREASURY_EURC);
    });

    it("does not extend when quorum is reached with more than the extension left", async function () {
      const dao = await loadFixture(deployDao);
      const { governor, helper, alice, bob, stranger } = dao;
      await drainProposal(dao, stranger.address, "Early quorum");
      await helper.connect(alice).propose();
      await helper.waitForSnapshot(1n);
      const deadline = await governor.proposalDeadline(helper.id);
      await helper.connect(alice).vote({ support: VoteType.For });
      await expect(helper.connect(bob).vote({ support: VoteType.For })).to.not.emit(governor, "ProposalExtended");
      expect(await governor.proposalDeadline(helper.id)).to.equal(deadline);
    });
  });

  describe("front-running (#proposer= description suffix)", function () {
    it("refuses a proposal reserved for another proposer, and accepts it from that proposer", async function () {
      const dao = await loadFixture(deployDao);
      const { governor, helper, alice, bob } = dao;
      const description = `Grant 1,000 EURC to the consortium#proposer=${alice.address}`;
      await drainProposal(dao, alice.address, description);
      // bob saw alice's transaction in the mempool and copies it to be its proposer
      await expect(helper.connect(bob).propose())
        .to.be.revertedWithCustomError(governor, "GovernorRestrictedProposer")
        .withArgs(bob.address);
      await expect(helper.connect(alice).propose()).to.emit(governor, "ProposalCreated");
      expect(await governor.proposalProposer(helper.id)).to.equal(alice.address);
      // the lower-case form of the address is the same reservation
      await drainProposal(dao, alice.address, `Another#proposer=${alice.address.toLowerCase()}`);
      await expect(helper.connect(bob).propose())
        .to.be.revertedWithCustomError(governor, "GovernorRestrictedProposer")
        .withArgs(bob.address);
    });
  });

  describe("the proposal guardian", function () {
    async function maliciousQueuedFixture() {
      const dao = await deployDao();
      const { helper, reserve, stranger, alice, bob } = dao;
      // a holder with enough votes pushes a proposal that empties the treasury
      await drainProposal(dao, stranger.address, "Routine maintenance");
      await helper.connect(reserve).propose();
      await helper.waitForSnapshot(1n);
      for (const voter of [reserve, alice, bob]) await helper.connect(voter).vote({ support: VoteType.For });
      await helper.waitForDeadline(1n);
      await helper.queue();
      return dao;
    }

    it("cancels a malicious proposal while it is active", async function () {
      const dao = await loadFixture(deployDao);
      const { governor, helper, reserve, guardian, stranger } = dao;
      await drainProposal(dao, stranger.address, "Routine maintenance");
      await helper.connect(reserve).propose();
      await helper.waitForSnapshot(1n);
      await helper.connect(reserve).vote({ support: VoteType.For });
      await expect(helper.connect(guardian).cancel()).to.emit(governor, "ProposalCanceled").withArgs(helper.id);
      expect(await governor.state(helper.id)).to.equal(ProposalState.Canceled);
      await expect(helper.connect(reserve).vote({ support: VoteType.For })).to.be.revertedWithCustomError(
        governor,
        "GovernorUnexpectedProposalState",
      );
    });

    it("cancels a malicious proposal already queued in the timelock, which then cannot execute", async function () {
      const { governor, timelock, treasury, eurc, helper, guardian } = await loadFixture(maliciousQueuedFixture);
      const operationId = await helper.timelockOperationId();
      expect(await timelock.isOperationPending(operationId)).to.equal(true);
      await expect(helper.connect(guardian).cancel())
        .to.emit(governor, "ProposalCanceled")
        .withArgs(helper.id)
        .and.to.emit(timelock, "Cancelled")
        .withArgs(operationId);
      expect(await timelock.isOperation(operationId)).to.equal(false);
      await helper.waitForEta();
      await expect(helper.execute())
        .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
        .withArgs(helper.id, ProposalState.Canceled, ethers.toBeHex(1n << BigInt(ProposalState.Queued), 32));
      expect(await treasury.balanceOf(await eurc.getAddress())).to.equal(TREASURY_EURC);
    });

    it("cannot cancel once its mandate has expired, and neither can the proposer past Pending", async function () {
      const { governor, helper, guardian, guardianExpiry, reserve } = await loadFixture(maliciousQueuedFixture);
      await time.increaseTo(guardianExpiry);
      expect(await governor.proposalGuardian()).to.equal(ethers.ZeroAddress);
      await expect(helper.connect(guardian).cancel())
        .to.be.revertedWithCustomError(governor, "GovernorUnableToCancel")
        .withArgs(helper.id, guardian.address);
      // OpenZeppelin's no-guardian fallback (proposers cancel at any stage) is disabled
      await expect(helper.connect(reserve).cancel())
        .to.be.revertedWithCustomError(governor, "GovernorUnableToCancel")
        .withArgs(helper.id, reserve.address);
      expect(await governor.state(helper.id)).to.equal(ProposalState.Queued);
    });

    it("can cancel again after the DAO renews its mandate", async function () {
      const dao = await loadFixture(deployDao);
      const { governor, helper, guardian, guardianExpiry, alice, bob, reserve, stranger } = dao;
      await time.increaseTo(guardianExpiry);
      const newExpiry = guardianExpiry + 365n * DAY;
      helper.setProposal(
        [
          {
            target: await governor.getAddress(),
            data: governor.interface.encodeFunctionData("setProposalGuardianMandate", [guardian.address, newExpiry]),
          },
        ],
        "Renew the guardian for a year",
      );
      await helper.connect(alice).propose();
      await helper.waitForSnapshot(1n);
      for (const voter of [alice, bob]) await helper.connect(voter).vote({ support: VoteType.For });
      await helper.waitForDeadline(1n);
      await helper.queue();
      await helper.waitForEta();
      await expect(helper.execute())
        .to.emit(governor, "ProposalGuardianSet")
        .withArgs(guardian.address, guardian.address)
        .and.to.emit(governor, "ProposalGuardianExpirySet")
        .withArgs(guardianExpiry, newExpiry);
      expect(await governor.proposalGuardian()).to.equal(guardian.address);

      await drainProposal(dao, stranger.address, "Drain after renewal");
      await helper.connect(reserve).propose();
      await expect(helper.connect(guardian).cancel()).to.emit(governor, "ProposalCanceled").withArgs(helper.id);
    });

    it("has no other power: it cannot propose, pay from the treasury or touch the timelock", async function () {
      const { governor, timelock, treasury, eurc, helper, guardian } = await loadFixture(deployDao);
      helper.setProposal([{ target: guardian.address }], "Guardian proposal");
      await expect(helper.connect(guardian).propose()).to.be.revertedWithCustomError(
        governor,
        "GovernorInsufficientProposerVotes",
      );
      await expect(treasury.connect(guardian).transferToken(await eurc.getAddress(), guardian.address, 1n))
        .to.be.revertedWithCustomError(treasury, "OwnableUnauthorizedAccount")
        .withArgs(guardian.address);
      await expect(timelock.connect(guardian).cancel(ethers.ZeroHash))
        .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
        .withArgs(guardian.address, TIMELOCK_ROLES.CANCELLER_ROLE);
    });
  });

  describe("nobody but the timelock holds an admin power", function () {
    it("refuses every treasury admin function to anyone else", async function () {
      const { treasury, eurc, governor, deployer, guardian, stranger, whale } = await loadFixture(deployDao);
      const eurcAddress = await eurc.getAddress();
      for (const caller of [deployer, guardian, stranger, whale]) {
        const t = treasury.connect(caller);
        const calls = [
          () => t.transferToken(eurcAddress, caller.address, 1n * E6),
          () => t.transferEth(caller.address, 1n),
          () => t.createVestingGrant(caller.address, eurcAddress, 1n * E6, 0n, DAY),
          () => t.transferOwnership(caller.address),
          () => t.renounceOwnership(),
        ];
        for (const call of calls) {
          await expect(call())
            .to.be.revertedWithCustomError(treasury, "OwnableUnauthorizedAccount")
            .withArgs(caller.address);
        }
      }
      // not even the Governor itself: only the timelock executes
      await networkHelpers.impersonateAccount(await governor.getAddress());
      await networkHelpers.setBalance(await governor.getAddress(), E18);
      const asGovernor = await ethers.getSigner(await governor.getAddress());
      await expect(treasury.connect(asGovernor).transferToken(eurcAddress, stranger.address, 1n))
        .to.be.revertedWithCustomError(treasury, "OwnableUnauthorizedAccount")
        .withArgs(await governor.getAddress());
    });

    it("refuses every Governor setting to anyone but a proposal executed by the timelock", async function () {
      const { governor, timelock, deployer, guardian, stranger } = await loadFixture(deployDao);
      const expiry = BigInt(await time.latest()) + DAY;
      for (const caller of [deployer, guardian, stranger]) {
        const g = governor.connect(caller);
        const calls = [
          () => g.setVotingDelay(1n),
          () => g.setVotingPeriod(DAY),
          () => g.setProposalThreshold(0n),
          () => g.updateQuorumNumerator(1n),
          () => g.setLateQuorumVoteExtension(0n),
          () => g.setProposalGuardian(caller.address),
          () => g.setProposalGuardianMandate(caller.address, expiry),
          () => g.updateTimelock(caller.address),
          () => g.relay(caller.address, 0n, "0x"),
        ];
        for (const call of calls) {
          await expect(call()).to.be.revertedWithCustomError(governor, "GovernorOnlyExecutor").withArgs(caller.address);
        }
      }
      expect(await governor.timelock()).to.equal(await timelock.getAddress());
    });

    it("refuses every timelock function that needs a role to anyone but the Governor (or the timelock itself)", async function () {
      const { timelock, treasury, eurc, deployer, guardian, stranger } = await loadFixture(deployDao);
      const target = await treasury.getAddress();
      const data = treasury.interface.encodeFunctionData("transferToken", [
        await eurc.getAddress(),
        stranger.address,
        TREASURY_EURC,
      ]);
      for (const caller of [deployer, guardian, stranger]) {
        const t = timelock.connect(caller);
        await expect(t.schedule(target, 0n, data, ethers.ZeroHash, ethers.ZeroHash, 2n * DAY))
          .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, TIMELOCK_ROLES.PROPOSER_ROLE);
        await expect(t.scheduleBatch([target], [0n], [data], ethers.ZeroHash, ethers.ZeroHash, 2n * DAY))
          .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, TIMELOCK_ROLES.PROPOSER_ROLE);
        await expect(t.cancel(ethers.ZeroHash))
          .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, TIMELOCK_ROLES.CANCELLER_ROLE);
        await expect(t.updateDelay(0n))
          .to.be.revertedWithCustomError(timelock, "TimelockUnauthorizedCaller")
          .withArgs(caller.address);
        for (const role of Object.values(TIMELOCK_ROLES)) {
          await expect(t.grantRole(role, caller.address))
            .to.be.revertedWithCustomError(timelock, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE);
        }
        // executing is open, but only for operations the Governor scheduled
        await expect(t.execute(target, 0n, data, ethers.ZeroHash, ethers.ZeroHash)).to.be.revertedWithCustomError(
          timelock,
          "TimelockUnexpectedOperationState",
        );
      }
    });

    it("moves no funds with a direct call to the timelock or a relay, even for a whale", async function () {
      const { timelock, governor, treasury, eurc, token, whale, stranger } = await loadFixture(deployDao);
      await token.connect(whale).delegate(whale.address);
      await expect(
        governor
          .connect(whale)
          .relay(await eurc.getAddress(), 0n, eurc.interface.encodeFunctionData("transfer", [stranger.address, 1n])),
      ).to.be.revertedWithCustomError(governor, "GovernorOnlyExecutor");
      expect(await eurc.balanceOf(await timelock.getAddress())).to.equal(0n);
      expect(await treasury.balanceOf(await eurc.getAddress())).to.equal(TREASURY_EURC);
    });
  });
});
