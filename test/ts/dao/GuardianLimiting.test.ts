/**
 * Guardian-limiting proposals: a proposal whose every action unpauses or removes a guardian
 * (`unpause()`, `setGuardian(address(0), *)` on any target, `setProposalGuardianMandate(address(0), *)` or
 * `setProposalGuardian(address(0))` on the Governor) cannot be cancelled (not by the guardian it limits,
 * not by its proposer) and passes only with two thirds of the For + Against votes, plus the quorum.
 * Anything else is an ordinary proposal the guardian may cancel.
 */
import { expect } from "chai";
import { type BaseContract, ZeroAddress } from "ethers";
import { network } from "hardhat";

import { daoFixture } from "../fixtures/dao.js";
import { type ProposalAction, ProposalState, VoteType } from "../helpers/governance.js";

const { ethers, ignition, networkHelpers } = await network.create();
const { loadFixture } = networkHelpers;
const deployDao = daoFixture({ ethers, ignition, networkHelpers });

type Dao = Awaited<ReturnType<typeof deployDao>>;

/** The GuardianPausable calls, encoded without a deployed contract (the rule reads calldata only). */
const PAUSABLE = new ethers.Interface([
  "function unpause()",
  "function pause()",
  "function setGuardian(address newGuardian, uint64 newExpiry)",
]);

function action(contract: BaseContract | string, data: string, value = 0n): ProposalAction {
  const target = typeof contract === "string" ? contract : (contract.target as string);
  return { target, data, value };
}

/** Removes the Governor's proposal guardian: a limiting proposal that executes in the DAO alone. */
async function removalActions(dao: Dao): Promise<ProposalAction[]> {
  return [
    action(dao.governor, dao.governor.interface.encodeFunctionData("setProposalGuardianMandate", [ZeroAddress, 0n])),
  ];
}

async function propose(dao: Dao, actions: ProposalAction[], description: string) {
  dao.helper.setProposal(actions, description);
  const tx = await dao.helper.connect(dao.alice).propose();
  return { id: dao.helper.id, tx };
}

describe("Guardian-limiting proposals", function () {
  describe("classification at propose time", function () {
    it("marks a proposal whose every action unpauses or removes a guardian, and emits it", async function () {
      const dao = await loadFixture(deployDao);
      const { governor, stranger } = dao;
      const some = stranger.address; // any target: the router, the buy-back, or another GuardianPausable
      const cases: Array<[string, ProposalAction[]]> = [
        ["unpause", [action(some, PAUSABLE.encodeFunctionData("unpause"))]],
        ["remove a pausable's guardian", [action(some, PAUSABLE.encodeFunctionData("setGuardian", [ZeroAddress, 7n]))]],
        [
          "remove the proposal guardian",
          [action(governor, governor.interface.encodeFunctionData("setProposalGuardianMandate", [ZeroAddress, 0n]))],
        ],
        [
          "remove the proposal guardian, OpenZeppelin's setter",
          [action(governor, governor.interface.encodeFunctionData("setProposalGuardian", [ZeroAddress]))],
        ],
        [
          "all of them",
          [
            action(some, PAUSABLE.encodeFunctionData("unpause")),
            action(some, PAUSABLE.encodeFunctionData("setGuardian", [ZeroAddress, 0n])),
            action(governor, governor.interface.encodeFunctionData("setProposalGuardianMandate", [ZeroAddress, 0n])),
          ],
        ],
      ];
      for (const [description, actions] of cases) {
        const { id, tx } = await propose(dao, actions, description);
        await expect(tx).to.emit(governor, "GuardianLimitingProposalCreated").withArgs(id);
        expect(await governor.isGuardianLimiting(id), description).to.equal(true);
      }
    });

    it("leaves every other proposal ordinary: another call, a new guardian, a value, extra bytes, another target", async function () {
      const dao = await loadFixture(deployDao);
      const { governor, treasury, eurc, guardian, stranger } = dao;
      const some = stranger.address;
      const unpause = PAUSABLE.encodeFunctionData("unpause");
      const cases: Array<[string, ProposalAction[]]> = [
        ["pause", [action(some, PAUSABLE.encodeFunctionData("pause"))]],
        ["appoint a guardian", [action(some, PAUSABLE.encodeFunctionData("setGuardian", [guardian.address, 7n]))]],
        [
          "renew the proposal guardian",
          [
            action(
              governor,
              governor.interface.encodeFunctionData("setProposalGuardianMandate", [guardian.address, 1n << 40n]),
            ),
          ],
        ],
        [
          "the Governor's removal call sent to another contract",
          [action(some, governor.interface.encodeFunctionData("setProposalGuardianMandate", [ZeroAddress, 0n]))],
        ],
        ["unpause with ETH", [action(some, unpause, 1n)]],
        ["unpause with extra calldata", [action(some, unpause + "00")]],
        ["a plain call", [action(some, "0x")]],
        [
          "unpause and pay",
          [
            action(some, unpause),
            action(
              treasury,
              treasury.interface.encodeFunctionData("transferToken", [await eurc.getAddress(), some, 1n]),
            ),
          ],
        ],
      ];
      for (const [description, actions] of cases) {
        const { id, tx } = await propose(dao, actions, description);
        await expect(tx).to.not.emit(governor, "GuardianLimitingProposalCreated");
        expect(await governor.isGuardianLimiting(id), description).to.equal(false);
      }
      expect(await governor.isGuardianLimiting(12345n), "an unknown proposal").to.equal(false);
    });
  });

  describe("cancelling", function () {
    it("refuses the guardian at every stage, Pending to Queued; the DAO then executes the removal", async function () {
      const dao = await loadFixture(deployDao);
      const { governor, helper, guardian, alice, bob } = dao;
      const { id } = await propose(dao, await removalActions(dao), "Remove the proposal guardian");
      const refuse = async (stage: ProposalState) => {
        expect(await governor.state(id)).to.equal(stage);
        await expect(helper.connect(guardian).cancel())
          .to.be.revertedWithCustomError(governor, "GovernorUnableToCancel")
          .withArgs(id, guardian.address);
      };
      await refuse(ProposalState.Pending);
      await helper.waitForSnapshot(1n);
      await refuse(ProposalState.Active);
      for (const voter of [alice, bob]) await helper.connect(voter).vote({ support: VoteType.For });
      await helper.waitForDeadline(1n);
      await refuse(ProposalState.Succeeded);
      await helper.queue();
      await refuse(ProposalState.Queued);
      await helper.waitForEta();
      await expect(helper.execute())
        .to.emit(governor, "ProposalGuardianSet")
        .withArgs(guardian.address, ZeroAddress)
        .and.to.emit(governor, "ProposalExecuted")
        .withArgs(id);
      expect(await governor.proposalGuardian()).to.equal(ZeroAddress);
    });

    it("refuses its proposer too, even while Pending (a guardian that front-ran the proposal cannot withdraw it)", async function () {
      const dao = await loadFixture(deployDao);
      const { governor, helper, alice } = dao;
      const { id } = await propose(dao, await removalActions(dao), "Remove the proposal guardian");
      expect(await governor.state(id)).to.equal(ProposalState.Pending);
      await expect(helper.connect(alice).cancel())
        .to.be.revertedWithCustomError(governor, "GovernorUnableToCancel")
        .withArgs(id, alice.address);
    });

    it("lets the guardian cancel a mixed proposal (a removal plus anything else)", async function () {
      const dao = await loadFixture(deployDao);
      const { governor, treasury, eurc, helper, guardian, stranger } = dao;
      const actions = [
        ...(await removalActions(dao)),
        action(
          treasury,
          treasury.interface.encodeFunctionData("transferToken", [await eurc.getAddress(), stranger.address, 1n]),
        ),
      ];
      const { id } = await propose(dao, actions, "Remove the guardian and pay a friend");
      expect(await governor.isGuardianLimiting(id)).to.equal(false);
      await helper.waitForSnapshot(1n);
      await expect(helper.connect(guardian).cancel()).to.emit(governor, "ProposalCanceled").withArgs(id);
    });
  });

  describe("the supermajority", function () {
    async function voteOn(dao: Dao, actions: ProposalAction[], description: string, votes: Array<[string, VoteType]>) {
      const { id } = await propose(dao, actions, description);
      await dao.helper.waitForSnapshot(1n);
      for (const [name, support] of votes) {
        const voter = dao[name as "alice" | "bob" | "carol" | "dave"];
        await dao.helper.connect(voter).vote({ support });
      }
      await dao.helper.waitForDeadline(1n);
      return { id, state: await dao.governor.state(id) };
    }

    it("defeats a removal that has a simple majority but less than two thirds; the same votes pass an ordinary proposal", async function () {
      const dao = await loadFixture(deployDao);
      // For 40M (alice 30M + carol 10M, the quorum), Against 25M (bob 20M + dave 5M): 61.5% For.
      const votes: Array<[string, VoteType]> = [
        ["alice", VoteType.For],
        ["carol", VoteType.For],
        ["bob", VoteType.Against],
        ["dave", VoteType.Against],
      ];
      const removal = await voteOn(dao, await removalActions(dao), "Remove the guardian", votes);
      expect(removal.state).to.equal(ProposalState.Defeated);
      const renewal = await voteOn(
        dao,
        [
          action(
            dao.governor,
            dao.governor.interface.encodeFunctionData("setProposalGuardianMandate", [
              dao.guardian.address,
              dao.guardianExpiry + 1n,
            ]),
          ),
        ],
        "Extend the guardian by a second",
        votes,
      );
      expect(renewal.state).to.equal(ProposalState.Succeeded);
    });

    it("passes a removal with exactly two thirds For", async function () {
      const dao = await loadFixture(deployDao);
      // For 40M (alice + carol), Against 20M (bob): exactly 2/3.
      const removal = await voteOn(dao, await removalActions(dao), "Remove the guardian", [
        ["alice", VoteType.For],
        ["carol", VoteType.For],
        ["bob", VoteType.Against],
      ]);
      expect(removal.state).to.equal(ProposalState.Succeeded);
    });

    it("defeats a removal that reaches quorum with abstentions only", async function () {
      const dao = await loadFixture(deployDao);
      const removal = await voteOn(dao, await removalActions(dao), "Remove the guardian", [
        ["alice", VoteType.Abstain],
        ["carol", VoteType.Abstain],
      ]);
      expect(removal.state).to.equal(ProposalState.Defeated);
    });
  });
});
