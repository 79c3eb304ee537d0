import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { Signature, ZeroAddress, id } from "ethers";

import { BALLOT_TYPES } from "../../domain/governance/ballot.js";
import { type BenchSection, gasOf } from "./types.js";

const DAY = 24n * 60n * 60n;
const E18 = 10n ** 18n;
const E6 = 10n ** 6n;
const AGAINST = 0;
const FOR = 1;

/**
 * The DAO with the default settings (the `Dao` Ignition module's wiring, deployed directly here):
 * propose, castVote, castVoteBySig, queue, and execute of one token transfer from the treasury.
 * Steady state: a first proposal passes end to end, then the second is measured, where the voters
 * have voted (and signed) before, each vote type already has votes, and the recipient already holds
 * the token. The first-time costs are measured too, in rows that say so.
 */
export const daoBench: BenchSection = async ({ ethers, networkHelpers }) => {
  const { time } = networkHelpers;
  const [deployer, proposer, voterA, voterB, voterC, voterD, voterE, relayer, guardian, recipient] =
    await ethers.getSigners();
  const supply = 1_000_000_000n * E18;
  // Quorum is 40M: A, B, D and E together stay below it; C's vote reaches it.
  const allocation: Array<[HardhatEthersSigner, bigint]> = [
    [proposer, 10_000_000n * E18],
    [voterA, 10_000_000n * E18],
    [voterB, 10_000_000n * E18],
    [voterC, 30_000_000n * E18],
    [voterD, 5_000_000n * E18],
    [voterE, 5_000_000n * E18],
  ];
  const allocated = allocation.reduce((sum, [, amount]) => sum + amount, 0n);
  allocation.push([deployer, supply - allocated]);
  const token = await ethers.deployContract("GaleonToken", [
    allocation.map(([holder]) => holder.address),
    allocation.map(([, amount]) => amount),
  ]);
  const timelock = await ethers.deployContract("TimelockController", [2n * DAY, [], [ZeroAddress], deployer.address]);
  const governor = await ethers.deployContract("GaleonGovernor", [
    await token.getAddress(),
    await timelock.getAddress(),
    2n * DAY,
    7n * DAY,
    2n * DAY,
    supply / 1000n,
    4n,
    guardian.address,
    BigInt(await time.latest()) + 365n * DAY,
  ]);
  const treasury = await ethers.deployContract("GaleonTreasury", [await timelock.getAddress()]);
  await (await timelock.grantRole(id("PROPOSER_ROLE"), await governor.getAddress())).wait();
  await (await timelock.grantRole(id("CANCELLER_ROLE"), await governor.getAddress())).wait();
  await (await timelock.renounceRole(ethers.ZeroHash, deployer.address)).wait();

  const eurc = await ethers.deployContract("TestStablecoin", ["Test Euro", "tEURC", 6]);
  await (await eurc.mint(await treasury.getAddress(), 1_000_000n * E6)).wait();
  for (const [holder] of allocation.slice(0, -1)) await (await token.connect(holder).delegate(holder.address)).wait();
  await time.increase(1);

  const { chainId } = await ethers.provider.getNetwork();
  const domain = {
    name: await governor.name(),
    version: await governor.version(),
    chainId,
    verifyingContract: await governor.getAddress(),
  };
  const ballot = BALLOT_TYPES;
  async function voteBySig(proposalId: bigint, voter: HardhatEthersSigner, support: number) {
    const nonce = await governor.nonces(voter.address);
    const signature = await voter.signTypedData(domain, ballot, { proposalId, support, voter: voter.address, nonce });
    return governor
      .connect(relayer)
      .castVoteBySig(proposalId, support, voter.address, Signature.from(signature).serialized);
  }

  function grant(description: string) {
    return {
      targets: [treasury.target as string],
      values: [0n],
      calldatas: [
        treasury.interface.encodeFunctionData("transferToken", [eurc.target as string, recipient.address, 1_000n * E6]),
      ],
      description,
    };
  }

  async function queueAndExecute(p: ReturnType<typeof grant>, proposalId: bigint) {
    const descriptionHash = id(p.description);
    await time.increaseTo((await governor.proposalDeadline(proposalId)) + 1n);
    const queue = await gasOf(governor.connect(relayer).queue(p.targets, p.values, p.calldatas, descriptionHash));
    await time.increaseTo(await governor.proposalEta(proposalId));
    const execute = await gasOf(governor.connect(relayer).execute(p.targets, p.values, p.calldatas, descriptionHash));
    return { queue, execute };
  }

  // Warm-up proposal: A votes, B signs for the first time, C reaches quorum; the recipient is new.
  const first = grant("Grant 1,000 EURC (warm-up)");
  const firstId = await governor.getProposalId(first.targets, first.values, first.calldatas, id(first.description));
  await (
    await governor.connect(proposer).propose(first.targets, first.values, first.calldatas, first.description)
  ).wait();
  await time.increaseTo((await governor.proposalSnapshot(firstId)) + 1n);
  await (await governor.connect(voterA).castVote(firstId, FOR)).wait();
  await (await voteBySig(firstId, voterB, AGAINST)).wait();
  await (await governor.connect(voterC).castVote(firstId, FOR)).wait();
  const { execute: executeNewRecipient } = await queueAndExecute(first, firstId);

  // Measured proposal.
  const second = grant("Grant 1,000 EURC");
  const secondId = await governor.getProposalId(
    second.targets,
    second.values,
    second.calldatas,
    id(second.description),
  );
  const propose = await gasOf(
    governor.connect(proposer).propose(second.targets, second.values, second.calldatas, second.description),
  );
  await time.increaseTo((await governor.proposalSnapshot(secondId)) + 1n);
  // First vote of each type on the proposal; E signs for the first time ever.
  const castVoteFirst = await gasOf(governor.connect(voterD).castVote(secondId, FOR));
  const castVoteBySigFirst = await gasOf(voteBySig(secondId, voterE, AGAINST));
  // Steady state.
  const castVote = await gasOf(governor.connect(voterA).castVote(secondId, FOR));
  const castVoteBySig = await gasOf(voteBySig(secondId, voterB, AGAINST));
  const castVoteQuorum = await gasOf(governor.connect(voterC).castVote(secondId, FOR));
  const { queue, execute } = await queueAndExecute(second, secondId);
  if ((await eurc.balanceOf(recipient.address)) !== 2_000n * E6) throw new Error("dao bench: grants not paid");

  return [
    { key: "dao_propose", gas: propose, label: "DAO propose (one treasury transfer)" },
    { key: "dao_cast_vote", gas: castVote, label: "DAO castVote", budget: 95_000n },
    {
      key: "dao_cast_vote_by_sig",
      gas: castVoteBySig,
      label: "DAO castVoteBySig (relayed; the voter signed before)",
      budget: 110_000n,
    },
    { key: "dao_cast_vote_first", gas: castVoteFirst, label: "DAO castVote, first vote of its type on the proposal" },
    {
      key: "dao_cast_vote_by_sig_first",
      gas: castVoteBySigFirst,
      label: "DAO castVoteBySig, first of its type and the voter's first signature",
    },
    { key: "dao_cast_vote_quorum", gas: castVoteQuorum, label: "DAO castVote that reaches quorum" },
    { key: "dao_queue", gas: queue, label: "DAO queue (one action, into the timelock)", budget: 160_000n },
    {
      key: "dao_execute",
      gas: execute,
      label: "DAO execute (one token transfer from the treasury)",
      budget: 115_000n,
    },
    {
      key: "dao_execute_new_recipient",
      gas: executeNewRecipient,
      label: "DAO execute (one token transfer to a recipient holding none)",
    },
  ];
};
