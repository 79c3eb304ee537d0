import { expect } from "chai";
import { network } from "hardhat";

import { TIMELOCK_ROLES } from "../../../deploy/modules/Dao.js";
import { COVERAGE } from "../e2e/harness.js";
import {
  ALLOCATION,
  DAY,
  E18,
  E6,
  GUARDIAN_MANDATE,
  LATE_QUORUM_EXTENSION,
  MIN_DELAY,
  PROPOSAL_THRESHOLD,
  QUORUM,
  QUORUM_NUMERATOR,
  SUPPLY,
  TREASURY_ETH,
  TREASURY_EURC,
  VOTING_DELAY,
  VOTING_PERIOD,
  daoFixture,
} from "../fixtures/dao.js";
import {
  OperationState,
  ProposalState,
  VoteType,
  operationStatesToBitMap,
  proposalStatesToBitMap,
} from "../helpers/governance.js";

const { ethers, ignition, networkHelpers } = await network.create();
const { time, loadFixture } = networkHelpers;
const deployDao = daoFixture({ ethers, ignition, networkHelpers });

/** EIP-170: the largest runtime bytecode a contract may have. */
const MAX_RUNTIME_SIZE = 24_576;
const anyValue = () => true;

describe("DAO (GaleonGovernor + TimelockController + GaleonTreasury)", function () {
  describe("deployment", function () {
    it("starts with the default settings on the token's timestamp clock", async function () {
      const { governor, timelock, token, treasury, guardian, guardianExpiry } = await loadFixture(deployDao);
      expect(await governor.name()).to.equal("Galeon DAO");
      expect(await governor.token()).to.equal(await token.getAddress());
      expect(await governor.timelock()).to.equal(await timelock.getAddress());
      expect(await governor.CLOCK_MODE()).to.equal("mode=timestamp");
      expect(await governor.clock()).to.equal(BigInt(await time.latest()));
      expect(await governor.votingDelay()).to.equal(VOTING_DELAY);
      expect(await governor.votingPeriod()).to.equal(VOTING_PERIOD);
      expect(await governor.lateQuorumVoteExtension()).to.equal(LATE_QUORUM_EXTENSION);
      expect(await governor.proposalThreshold()).to.equal(PROPOSAL_THRESHOLD);
      expect(await governor["quorumNumerator()"]()).to.equal(QUORUM_NUMERATOR);
      expect(await governor.quorum(BigInt(await time.latest()) - 1n)).to.equal(QUORUM);
      expect(await governor.COUNTING_MODE()).to.equal("support=bravo&quorum=for,abstain");
      expect(await governor.proposalGuardian()).to.equal(guardian.address);
      expect(await governor.proposalGuardianExpiry()).to.equal(guardianExpiry);
      expect(await timelock.getMinDelay()).to.equal(MIN_DELAY);
      expect(await treasury.owner()).to.equal(await timelock.getAddress());
    });

    it("wires the timelock: the Governor alone proposes and cancels, anyone executes, it administers itself", async function () {
      const { governor, timelock } = await loadFixture(deployDao);
      const gov = await governor.getAddress();
      const tl = await timelock.getAddress();
      expect(await timelock.hasRole(TIMELOCK_ROLES.PROPOSER_ROLE, gov)).to.equal(true);
      expect(await timelock.hasRole(TIMELOCK_ROLES.CANCELLER_ROLE, gov)).to.equal(true);
      expect(await timelock.hasRole(TIMELOCK_ROLES.EXECUTOR_ROLE, ethers.ZeroAddress)).to.equal(true);
      expect(await timelock.hasRole(TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, tl)).to.equal(true);
    });

    it("leaves the deployer and the guardian no role: every holder, rebuilt from the timelock's events", async function () {
      const { governor, timelock, treasury, deployer, guardian } = await loadFixture(deployDao);
      const holders = new Map<string, Set<string>>();
      const granted = await timelock.queryFilter(timelock.filters.RoleGranted());
      const revoked = await timelock.queryFilter(timelock.filters.RoleRevoked());
      const events = [...granted, ...revoked].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
      for (const e of events) {
        const { role, account } = e.args;
        const set = holders.get(role) ?? new Set<string>();
        if (e.eventName === "RoleGranted") set.add(account);
        else set.delete(account);
        holders.set(role, set);
      }
      const list = (role: string) => [...(holders.get(role) ?? [])].sort();
      expect(list(TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE)).to.deep.equal([await timelock.getAddress()]);
      expect(list(TIMELOCK_ROLES.PROPOSER_ROLE)).to.deep.equal([await governor.getAddress()]);
      expect(list(TIMELOCK_ROLES.CANCELLER_ROLE)).to.deep.equal([await governor.getAddress()]);
      expect(list(TIMELOCK_ROLES.EXECUTOR_ROLE)).to.deep.equal([ethers.ZeroAddress]);
      for (const account of [deployer.address, guardian.address]) {
        for (const role of Object.values(TIMELOCK_ROLES)) {
          expect(await timelock.hasRole(role, account), `${account} ${role}`).to.equal(false);
        }
      }
      expect(await treasury.owner()).to.not.equal(deployer.address);
    });

    it("keeps the Governor's runtime bytecode under the EIP-170 limit", async function () {
      // Under `npm run coverage` the Governor is the instrumented build (about 25,300 bytes), not the
      // bytecode that is deployed (about 22,600): its size is measured by `npm test`.
      if (COVERAGE) this.skip();
      const { governor } = await loadFixture(deployDao);
      const code = await ethers.provider.getCode(await governor.getAddress());
      const size = (code.length - 2) / 2;
      expect(size).to.be.greaterThan(0);
      expect(size).to.be.lessThan(MAX_RUNTIME_SIZE);
    });
  });

  describe("nominal workflow", function () {
    it("pays a treasury token grant: delegate, propose, vote for / against / abstain, with reason and by signature, quorum, queue, wait, execute", async function () {
      const { governor, timelock, treasury, eurc, helper, alice, bob, carol, dave, stranger, recipient } =
        await loadFixture(deployDao);
      const grant = 250_000n * E6;
      const calldata = treasury.interface.encodeFunctionData("transferToken", [
        await eurc.getAddress(),
        recipient.address,
        grant,
      ]);
      helper.setProposal(
        [{ target: await treasury.getAddress(), data: calldata }],
        "Grant 250,000 EURC to the research consortium",
      );
      expect(await governor.getProposalId(helper.targets, helper.values, helper.data, helper.descriptionHash)).to.equal(
        helper.id,
      );

      // propose
      const proposeTx = helper.connect(alice).propose();
      const proposedAt = BigInt(
        (await ethers.provider.getBlock((await (await proposeTx).wait())!.blockNumber))!.timestamp,
      );
      const snapshot = proposedAt + VOTING_DELAY;
      const deadline = snapshot + VOTING_PERIOD;
      await expect(proposeTx)
        .to.emit(governor, "ProposalCreated")
        .withArgs(
          helper.id,
          alice.address,
          helper.targets,
          helper.values,
          [""],
          helper.data,
          snapshot,
          deadline,
          helper.description,
        );
      expect(await governor.proposalSnapshot(helper.id)).to.equal(snapshot);
      expect(await governor.proposalDeadline(helper.id)).to.equal(deadline);
      expect(await governor.proposalProposer(helper.id)).to.equal(alice.address);
      expect(await governor.state(helper.id)).to.equal(ProposalState.Pending);

      // vote
      await helper.waitForSnapshot(1n);
      expect(await governor.state(helper.id)).to.equal(ProposalState.Active);
      await expect(helper.connect(alice).vote({ support: VoteType.For, reason: "funds the consortium" }))
        .to.emit(governor, "VoteCast")
        .withArgs(alice.address, helper.id, VoteType.For, ALLOCATION.alice, "funds the consortium");
      await expect(helper.connect(bob).vote({ support: VoteType.Against }))
        .to.emit(governor, "VoteCast")
        .withArgs(bob.address, helper.id, VoteType.Against, ALLOCATION.bob, "");
      // by signature, relayed by someone without votes (as Tally's relayer does)
      await expect(helper.connect(stranger).vote({ support: VoteType.For, signer: dave }))
        .to.emit(governor, "VoteCast")
        .withArgs(dave.address, helper.id, VoteType.For, ALLOCATION.dave, "");
      expect(await governor.nonces(dave.address)).to.equal(1n);
      const [againstBefore, forBefore, abstainBefore] = await governor.proposalVotes(helper.id);
      expect(forBefore + abstainBefore).to.be.lessThan(QUORUM);
      // an abstention with a reason, by signature: it counts toward quorum and reaches it
      await expect(
        helper.connect(stranger).vote({ support: VoteType.Abstain, reason: "conflict of interest", signer: carol }),
      )
        .to.emit(governor, "VoteCast")
        .withArgs(carol.address, helper.id, VoteType.Abstain, ALLOCATION.carol, "conflict of interest");
      const [against, forVotes, abstain] = await governor.proposalVotes(helper.id);
      expect(against).to.equal(againstBefore).and.to.equal(ALLOCATION.bob);
      expect(forVotes)
        .to.equal(forBefore)
        .and.to.equal(ALLOCATION.alice + ALLOCATION.dave);
      expect(abstain).to.equal(ALLOCATION.carol);
      expect(forVotes + abstain).to.be.greaterThanOrEqual(await governor.quorum(snapshot));
      expect(await governor.hasVoted(helper.id, carol.address)).to.equal(true);
      // quorum reached early: the deadline is not moved
      expect(await governor.proposalDeadline(helper.id)).to.equal(deadline);

      // queue
      await helper.waitForDeadline(1n);
      expect(await governor.state(helper.id)).to.equal(ProposalState.Succeeded);
      const queueTx = helper.queue();
      const queuedAt = BigInt((await ethers.provider.getBlock((await (await queueTx).wait())!.blockNumber))!.timestamp);
      await expect(queueTx)
        .to.emit(governor, "ProposalQueued")
        .withArgs(helper.id, queuedAt + MIN_DELAY)
        .and.to.emit(timelock, "CallScheduled")
        .withArgs(
          await helper.timelockOperationId(),
          0n,
          helper.targets[0],
          0n,
          helper.data[0],
          ethers.ZeroHash,
          MIN_DELAY,
        );
      expect(await governor.state(helper.id)).to.equal(ProposalState.Queued);
      expect(await governor.proposalEta(helper.id)).to.equal(queuedAt + MIN_DELAY);
      expect(await timelock.isOperationPending(await helper.timelockOperationId())).to.equal(true);

      // wait, execute (anyone may)
      await helper.waitForEta();
      const executeTx = helper.connect(stranger).execute();
      await expect(executeTx)
        .to.emit(governor, "ProposalExecuted")
        .withArgs(helper.id)
        .and.to.emit(treasury, "TokenPaid")
        .withArgs(await eurc.getAddress(), recipient.address, grant)
        .and.to.emit(eurc, "Transfer")
        .withArgs(await treasury.getAddress(), recipient.address, grant);
      expect(await governor.state(helper.id)).to.equal(ProposalState.Executed);
      expect(await timelock.isOperationDone(await helper.timelockOperationId())).to.equal(true);
      expect(await eurc.balanceOf(recipient.address)).to.equal(grant);
      expect(await treasury.balanceOf(await eurc.getAddress())).to.equal(TREASURY_EURC - grant);
    });

    it("pays ETH from the treasury", async function () {
      const { governor, treasury, helper, alice, bob, recipient } = await loadFixture(deployDao);
      const amount = 3n * E18;
      helper.setProposal(
        [
          {
            target: await treasury.getAddress(),
            data: treasury.interface.encodeFunctionData("transferEth", [recipient.address, amount]),
          },
        ],
        "Pay 3 ETH for the audit",
      );
      const before = await ethers.provider.getBalance(recipient.address);
      await helper.connect(alice).proposeAndExecute([alice, bob]);
      expect(await governor.state(helper.id)).to.equal(ProposalState.Executed);
      const [paid] = await treasury.queryFilter(treasury.filters.EthPaid());
      expect(paid.args.to).to.equal(recipient.address);
      expect(paid.args.amount).to.equal(amount);
      expect(await ethers.provider.getBalance(recipient.address)).to.equal(before + amount);
      expect(await treasury.ethBalance()).to.equal(TREASURY_ETH - amount);
    });

    it("creates a vesting grant that streams GALEON to its beneficiary", async function () {
      const { token, treasury, helper, alice, bob, recipient } = await loadFixture(deployDao);
      const amount = 1_000_000n * E18;
      const start = BigInt(await time.latest()) + 30n * DAY;
      const duration = 365n * DAY;
      const galeon = await token.getAddress();
      helper.setProposal(
        [
          {
            target: await treasury.getAddress(),
            data: treasury.interface.encodeFunctionData("createVestingGrant", [
              recipient.address,
              galeon,
              amount,
              start,
              duration,
            ]),
          },
        ],
        "Stream 1,000,000 GALEON to the core team over a year",
      );
      await helper.connect(alice).proposeAndQueue([alice, bob]);
      await expect(helper.execute())
        .to.emit(treasury, "VestingGrantCreated")
        .withArgs(0n, anyValue, recipient.address, galeon, amount, start, duration);

      expect(await treasury.vestingGrantCount()).to.equal(1n);
      const grant = await treasury.vestingGrant(0n);
      expect(grant.beneficiary).to.equal(recipient.address);
      expect(grant.token).to.equal(galeon);
      expect(grant.amount).to.equal(amount);
      const wallet = await ethers.getContractAt("VestingWallet", grant.wallet);
      expect(await wallet.owner()).to.equal(recipient.address);
      expect(await wallet.start()).to.equal(start);
      expect(await wallet.duration()).to.equal(duration);
      expect(await token.balanceOf(grant.wallet)).to.equal(amount);

      await time.increaseTo(start + duration / 2n);
      expect(await wallet["vestedAmount(address,uint64)"](galeon, start + duration / 2n)).to.equal(amount / 2n);
      await time.increaseTo(start + duration);
      await expect(wallet["release(address)"](galeon)).to.emit(wallet, "ERC20Released").withArgs(galeon, amount);
      expect(await token.balanceOf(recipient.address)).to.equal(amount);
    });

    it("changes its own settings and the timelock delay only through a proposal", async function () {
      const { governor, timelock, helper, alice, bob, stranger } = await loadFixture(deployDao);
      const gov = await governor.getAddress();
      const newExpiry = BigInt(await time.latest()) + 2n * GUARDIAN_MANDATE;
      const call = (fn: string, args: unknown[]) => ({
        target: gov,
        data: governor.interface.encodeFunctionData(fn as never, args as never),
      });
      helper.setProposal(
        [
          call("setVotingDelay", [DAY]),
          call("setVotingPeriod", [5n * DAY]),
          call("setProposalThreshold", [2n * PROPOSAL_THRESHOLD]),
          call("updateQuorumNumerator", [5n]),
          call("setLateQuorumVoteExtension", [DAY]),
          call("setProposalGuardianMandate", [stranger.address, newExpiry]),
          {
            target: await timelock.getAddress(),
            data: timelock.interface.encodeFunctionData("updateDelay", [3n * DAY]),
          },
        ],
        "Tune the DAO",
      );
      await helper.connect(alice).proposeAndQueue([alice, bob]);
      const tx = helper.execute();
      await expect(tx).to.emit(governor, "VotingDelaySet").withArgs(VOTING_DELAY, DAY);
      await expect(tx)
        .to.emit(governor, "VotingPeriodSet")
        .withArgs(VOTING_PERIOD, 5n * DAY);
      await expect(tx)
        .to.emit(governor, "ProposalThresholdSet")
        .withArgs(PROPOSAL_THRESHOLD, 2n * PROPOSAL_THRESHOLD);
      await expect(tx).to.emit(governor, "QuorumNumeratorUpdated").withArgs(QUORUM_NUMERATOR, 5n);
      await expect(tx).to.emit(governor, "LateQuorumVoteExtensionSet").withArgs(LATE_QUORUM_EXTENSION, DAY);
      await expect(tx)
        .to.emit(timelock, "MinDelayChange")
        .withArgs(MIN_DELAY, 3n * DAY);
      expect(await governor.votingDelay()).to.equal(DAY);
      expect(await governor.votingPeriod()).to.equal(5n * DAY);
      expect(await governor.proposalThreshold()).to.equal(2n * PROPOSAL_THRESHOLD);
      expect(await governor["quorumNumerator()"]()).to.equal(5n);
      expect(await governor.lateQuorumVoteExtension()).to.equal(DAY);
      expect(await governor.proposalGuardian()).to.equal(stranger.address);
      expect(await governor.proposalGuardianExpiry()).to.equal(newExpiry);
      expect(await timelock.getMinDelay()).to.equal(3n * DAY);
    });

    it("lets a proposer withdraw its own proposal while it is pending", async function () {
      const { governor, treasury, eurc, helper, alice } = await loadFixture(deployDao);
      helper.setProposal(
        [
          {
            target: await treasury.getAddress(),
            data: treasury.interface.encodeFunctionData("transferToken", [await eurc.getAddress(), alice.address, 1n]),
          },
        ],
        "A typo",
      );
      await helper.connect(alice).propose();
      await expect(helper.cancel()).to.emit(governor, "ProposalCanceled").withArgs(helper.id);
      expect(await governor.state(helper.id)).to.equal(ProposalState.Canceled);
    });

    describe("reverts", function () {
      async function proposalFixture() {
        const dao = await deployDao();
        const { treasury, eurc, helper, recipient } = dao;
        helper.setProposal(
          [
            {
              target: await treasury.getAddress(),
              data: treasury.interface.encodeFunctionData("transferToken", [
                await eurc.getAddress(),
                recipient.address,
                1_000n * E6,
              ]),
            },
          ],
          "Grant 1,000 EURC",
        );
        await helper.connect(dao.alice).propose();
        return dao;
      }

      it("when the proposer holds fewer votes than the threshold", async function () {
        const { governor, helper, stranger, dave, token } = await loadFixture(deployDao);
        // The threshold reads the votes at the previous second, so delegations must come first.
        helper.setProposal([{ target: stranger.address }], "Below threshold");
        await expect(helper.connect(stranger).propose())
          .to.be.revertedWithCustomError(governor, "GovernorInsufficientProposerVotes")
          .withArgs(stranger.address, 0n, PROPOSAL_THRESHOLD);
        // one token short of the threshold
        await token.connect(dave).transfer(stranger.address, PROPOSAL_THRESHOLD - 1n);
        await token.connect(stranger).delegate(stranger.address);
        await expect(helper.connect(stranger).propose())
          .to.be.revertedWithCustomError(governor, "GovernorInsufficientProposerVotes")
          .withArgs(stranger.address, PROPOSAL_THRESHOLD - 1n, PROPOSAL_THRESHOLD);
      });

      it("when the same proposal is proposed twice", async function () {
        const { governor, helper, alice } = await loadFixture(proposalFixture);
        await expect(helper.connect(alice).propose())
          .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
          .withArgs(helper.id, ProposalState.Pending, ethers.ZeroHash);
      });

      it("when voting before the vote opens", async function () {
        const { governor, helper, alice } = await loadFixture(proposalFixture);
        await expect(helper.connect(alice).vote({ support: VoteType.For }))
          .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
          .withArgs(helper.id, ProposalState.Pending, proposalStatesToBitMap(ProposalState.Active));
      });

      it("when voting after the vote closed", async function () {
        const { governor, helper, alice } = await loadFixture(proposalFixture);
        await helper.waitForDeadline(1n);
        await expect(helper.connect(alice).vote({ support: VoteType.For }))
          .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
          .withArgs(helper.id, ProposalState.Defeated, proposalStatesToBitMap(ProposalState.Active));
      });

      it("when voting twice", async function () {
        const { governor, helper, alice, stranger } = await loadFixture(proposalFixture);
        await helper.waitForSnapshot(1n);
        await helper.connect(alice).vote({ support: VoteType.For });
        await expect(helper.connect(alice).vote({ support: VoteType.Against }))
          .to.be.revertedWithCustomError(governor, "GovernorAlreadyCastVote")
          .withArgs(alice.address);
        await expect(helper.connect(stranger).vote({ support: VoteType.Against, signer: alice }))
          .to.be.revertedWithCustomError(governor, "GovernorAlreadyCastVote")
          .withArgs(alice.address);
      });

      it("when a vote type does not exist", async function () {
        const { governor, helper, alice } = await loadFixture(proposalFixture);
        await helper.waitForSnapshot(1n);
        await expect(governor.connect(alice).castVote(helper.id, 3)).to.be.revertedWithCustomError(
          governor,
          "GovernorInvalidVoteType",
        );
      });

      it("when a ballot signature is not the voter's, or is replayed", async function () {
        const { governor, helper, alice, bob, stranger } = await loadFixture(proposalFixture);
        await helper.waitForSnapshot(1n);
        const forged = await helper.signBallot(bob, VoteType.For);
        await expect(governor.connect(stranger).castVoteBySig(helper.id, VoteType.For, alice.address, forged))
          .to.be.revertedWithCustomError(governor, "GovernorInvalidSignature")
          .withArgs(alice.address);
        const signature = await helper.signBallot(alice, VoteType.For);
        await governor.connect(stranger).castVoteBySig(helper.id, VoteType.For, alice.address, signature);
        // the nonce moved on: the same signature no longer verifies
        await expect(governor.connect(stranger).castVoteBySig(helper.id, VoteType.For, alice.address, signature))
          .to.be.revertedWithCustomError(governor, "GovernorInvalidSignature")
          .withArgs(alice.address);
      });

      it("when queueing or executing a defeated proposal", async function () {
        const { governor, helper, alice, bob, carol } = await loadFixture(proposalFixture);
        await helper.waitForSnapshot(1n);
        await helper.connect(alice).vote({ support: VoteType.Against });
        await helper.connect(bob).vote({ support: VoteType.For });
        await helper.connect(carol).vote({ support: VoteType.Abstain });
        await helper.waitForDeadline(1n);
        expect(await governor.state(helper.id)).to.equal(ProposalState.Defeated);
        await expect(helper.queue())
          .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
          .withArgs(helper.id, ProposalState.Defeated, proposalStatesToBitMap(ProposalState.Succeeded));
        await expect(helper.execute())
          .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
          .withArgs(helper.id, ProposalState.Defeated, proposalStatesToBitMap(ProposalState.Queued));
      });

      it("when a majority votes for but quorum is not reached", async function () {
        const { governor, helper, alice } = await loadFixture(proposalFixture);
        await helper.waitForSnapshot(1n);
        await helper.connect(alice).vote({ support: VoteType.For });
        await helper.waitForDeadline(1n);
        expect(ALLOCATION.alice).to.be.lessThan(QUORUM);
        expect(await governor.state(helper.id)).to.equal(ProposalState.Defeated);
      });

      it("when executing a passed proposal that was not queued", async function () {
        const { governor, helper, alice, bob } = await loadFixture(proposalFixture);
        await helper.waitForSnapshot(1n);
        await helper.connect(alice).vote({ support: VoteType.For });
        await helper.connect(bob).vote({ support: VoteType.For });
        await helper.waitForDeadline(1n);
        expect(await governor.state(helper.id)).to.equal(ProposalState.Succeeded);
        // the timelock is not optional: a passed proposal must be queued first
        await expect(helper.execute())
          .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
          .withArgs(helper.id, ProposalState.Succeeded, proposalStatesToBitMap(ProposalState.Queued));
      });

      it("when executing before the timelock delay has passed", async function () {
        const { governor, timelock, helper, alice, bob } = await loadFixture(proposalFixture);
        await helper.waitForSnapshot(1n);
        await helper.connect(alice).vote({ support: VoteType.For });
        await helper.connect(bob).vote({ support: VoteType.For });
        await helper.waitForDeadline(1n);
        await helper.queue();
        await expect(helper.execute())
          .to.be.revertedWithCustomError(timelock, "TimelockUnexpectedOperationState")
          .withArgs(await helper.timelockOperationId(), operationStatesToBitMap(OperationState.Ready));
        await helper.waitForEta(-2n);
        await expect(helper.execute()).to.be.revertedWithCustomError(timelock, "TimelockUnexpectedOperationState");
        expect(await governor.state(helper.id)).to.equal(ProposalState.Queued);
        await helper.waitForEta();
        await expect(helper.execute()).to.emit(governor, "ProposalExecuted").withArgs(helper.id);
      });

      it("when queueing twice or executing twice", async function () {
        const { governor, helper, alice, bob } = await loadFixture(proposalFixture);
        await helper.waitForSnapshot(1n);
        await helper.connect(alice).vote({ support: VoteType.For });
        await helper.connect(bob).vote({ support: VoteType.For });
        await helper.waitForDeadline(1n);
        await helper.queue();
        await expect(helper.queue())
          .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
          .withArgs(helper.id, ProposalState.Queued, proposalStatesToBitMap(ProposalState.Succeeded));
        await helper.waitForEta();
        await helper.execute();
        await expect(helper.execute())
          .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
          .withArgs(helper.id, ProposalState.Executed, proposalStatesToBitMap(ProposalState.Queued));
      });

      it("when the DAO renews the guardian with an expiry that is not in the future", async function () {
        const { governor, helper, guardian, alice, bob } = await loadFixture(deployDao);
        helper.setProposal(
          [
            {
              target: await governor.getAddress(),
              data: governor.interface.encodeFunctionData("setProposalGuardianMandate", [guardian.address, 1n]),
            },
          ],
          "Renew the guardian, wrongly",
        );
        await helper.connect(alice).proposeAndQueue([alice, bob]);
        const executedAt = BigInt(await time.latest()) + 10n;
        await time.setNextBlockTimestamp(executedAt);
        await expect(helper.execute())
          .to.be.revertedWithCustomError(governor, "GaleonGovernorGuardianExpiryInPast")
          .withArgs(1n, executedAt);
      });

      it("when the treasury cannot pay what a passed proposal asks: execution reverts, funds stay", async function () {
        const { treasury, eurc, helper, alice, bob, recipient } = await loadFixture(deployDao);
        const tooMuch = TREASURY_EURC + 1n;
        helper.setProposal(
          [
            {
              target: await treasury.getAddress(),
              data: treasury.interface.encodeFunctionData("transferToken", [
                await eurc.getAddress(),
                recipient.address,
                tooMuch,
              ]),
            },
          ],
          "Ask for more than there is",
        );
        await helper.connect(alice).proposeAndQueue([alice, bob]);
        await expect(helper.execute())
          .to.be.revertedWithCustomError(treasury, "GaleonTreasuryInsufficientBalance")
          .withArgs(await eurc.getAddress(), TREASURY_EURC, tooMuch);
        expect(await treasury.balanceOf(await eurc.getAddress())).to.equal(TREASURY_EURC);
      });
    });
  });

  it("fixture sanity: the supply is the sum of the allocations", async function () {
    const { token } = await loadFixture(deployDao);
    expect(await token.totalSupply()).to.equal(SUPPLY);
  });
});
