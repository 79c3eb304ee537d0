/**
 * A small governance helper in the manner of OpenZeppelin's `test/helpers/governance.js`: describe a
 * proposal once, then propose, vote (directly, with a reason or by EIP-712 signature), wait for the
 * snapshot / deadline / timelock ETA, queue, execute and cancel it, and compute the ids the Governor
 * and the timelock use. The clock is a timestamp clock ($GALEON's ERC-6372 `mode=timestamp`).
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";
import { AbiCoder, Signature, id, keccak256, toBeHex, toBigInt } from "ethers";

import { BALLOT_TYPES, EXTENDED_BALLOT_TYPES } from "../../../domain/governance/ballot.js";
import type { GaleonGovernor } from "../../../typechain-types/index.js";

/** OpenZeppelin `IGovernor.ProposalState`. */
export enum ProposalState {
  Pending,
  Active,
  Canceled,
  Defeated,
  Succeeded,
  Queued,
  Expired,
  Executed,
}

/** `GovernorCountingSimple.VoteType`. */
export enum VoteType {
  Against,
  For,
  Abstain,
}

/** One call of a proposal. */
export interface ProposalAction {
  target: string;
  value?: bigint;
  data?: string;
}

/** A vote: direct, or signed by `signer` and relayed by the helper's current account. */
export interface Vote {
  support: VoteType;
  reason?: string;
  /** Sign the ballot with this account and submit it with `castVoteBySig` / `castVoteWithReasonAndParamsBySig`. */
  signer?: HardhatEthersSigner;
}

/**
 * The timelock salt GovernorTimelockControl uses: the Governor's address in the top 20 bytes, XOR the
 * description hash, so two Governors sharing a timelock cannot collide.
 */
export function timelockSalt(governorAddress: string, descriptionHash: string): string {
  return toBeHex((toBigInt(governorAddress) << 96n) ^ toBigInt(descriptionHash), 32);
}

/** The `expectedStates` bitmap of `GovernorUnexpectedProposalState`. */
export function proposalStatesToBitMap(states: ProposalState | ProposalState[]): string {
  let bitmap = 0n;
  for (const state of Array.isArray(states) ? states : [states]) bitmap |= 1n << BigInt(state);
  return toBeHex(bitmap, 32);
}

/** The `expectedStates` bitmap of the timelock's `TimelockUnexpectedOperationState`. */
export enum OperationState {
  Unset,
  Waiting,
  Ready,
  Done,
}
export function operationStatesToBitMap(states: OperationState | OperationState[]): string {
  let bitmap = 0n;
  for (const state of Array.isArray(states) ? states : [states]) bitmap |= 1n << BigInt(state);
  return toBeHex(bitmap, 32);
}

export class GovernorHelper {
  targets: string[] = [];
  values: bigint[] = [];
  data: string[] = [];
  description = "";

  constructor(
    public governor: GaleonGovernor,
    private readonly time: NetworkHelpers["time"],
  ) {}

  /** Sends the following transactions from `account`. */
  connect(account: HardhatEthersSigner): this {
    this.governor = this.governor.connect(account);
    return this;
  }

  /** Sets the proposal the other methods act on. */
  setProposal(actions: ProposalAction[], description: string): this {
    this.targets = actions.map((a) => a.target);
    this.values = actions.map((a) => a.value ?? 0n);
    this.data = actions.map((a) => a.data ?? "0x");
    this.description = description;
    return this;
  }

  get descriptionHash(): string {
    return id(this.description);
  }

  /** The proposal id: `keccak256(abi.encode(targets, values, calldatas, descriptionHash))`. */
  get id(): bigint {
    return toBigInt(
      keccak256(
        AbiCoder.defaultAbiCoder().encode(
          ["address[]", "uint256[]", "bytes[]", "bytes32"],
          [this.targets, this.values, this.data, this.descriptionHash],
        ),
      ),
    );
  }

  /** The id of the timelock operation the proposal is queued as (`hashOperationBatch`). */
  async timelockOperationId(): Promise<string> {
    const salt = timelockSalt(await this.governor.getAddress(), this.descriptionHash);
    return keccak256(
      AbiCoder.defaultAbiCoder().encode(
        ["address[]", "uint256[]", "bytes[]", "bytes32", "bytes32"],
        [this.targets, this.values, this.data, "0x" + "00".repeat(32), salt],
      ),
    );
  }

  /* LIFECYCLE */

  propose() {
    return this.governor.propose(this.targets, this.values, this.data, this.description);
  }

  queue() {
    return this.governor.queue(this.targets, this.values, this.data, this.descriptionHash);
  }

  execute(value = 0n) {
    return this.governor.execute(this.targets, this.values, this.data, this.descriptionHash, { value });
  }

  cancel() {
    return this.governor.cancel(this.targets, this.values, this.data, this.descriptionHash);
  }

  /** Casts a vote: `castVote`, `castVoteWithReason`, or by signature when `vote.signer` is set. */
  async vote(vote: Vote) {
    if (vote.signer !== undefined) {
      const voter = vote.signer.address;
      const signature = await this.signBallot(vote.signer, vote.support, vote.reason);
      return vote.reason === undefined
        ? this.governor.castVoteBySig(this.id, vote.support, voter, signature)
        : this.governor.castVoteWithReasonAndParamsBySig(this.id, vote.support, voter, vote.reason, "0x", signature);
    }
    return vote.reason === undefined
      ? this.governor.castVote(this.id, vote.support)
      : this.governor.castVoteWithReason(this.id, vote.support, vote.reason);
  }

  /**
   * Signs an EIP-712 `Ballot` (or `ExtendedBallot` when there is a reason) for this proposal, with the
   * signer's current Governor nonce, as a wallet or Tally does.
   */
  async signBallot(signer: HardhatEthersSigner, support: VoteType, reason?: string, nonce?: bigint): Promise<string> {
    const { chainId } = await signer.provider!.getNetwork();
    const domain = {
      name: await this.governor.name(),
      version: await this.governor.version(),
      chainId,
      verifyingContract: await this.governor.getAddress(),
    };
    const message = {
      proposalId: this.id,
      support,
      voter: signer.address,
      nonce: nonce ?? (await this.governor.nonces(signer.address)),
    };
    const signature =
      reason === undefined
        ? await signer.signTypedData(domain, BALLOT_TYPES, message)
        : await signer.signTypedData(domain, EXTENDED_BALLOT_TYPES, { ...message, reason, params: "0x" });
    return Signature.from(signature).serialized;
  }

  /* CLOCK (timestamps) */

  /** Mines a block at the snapshot + `offset`: with offset 1 the vote is open. */
  async waitForSnapshot(offset = 0n): Promise<void> {
    await this.time.increaseTo((await this.governor.proposalSnapshot(this.id)) + offset);
  }

  /** Mines a block at the (possibly extended) deadline + `offset`: with offset 1 the vote is closed. */
  async waitForDeadline(offset = 0n): Promise<void> {
    await this.time.increaseTo((await this.governor.proposalDeadline(this.id)) + offset);
  }

  /** Mines a block at the timelock ETA + `offset`: with offset 0 the next transaction may execute. */
  async waitForEta(offset = 0n): Promise<void> {
    await this.time.increaseTo((await this.governor.proposalEta(this.id)) + offset);
  }

  /**
   * Takes the current proposal from nothing to executed: propose (by the current account), every
   * `voters[i]` votes For, then queue, wait and execute. For tests that are about what a proposal does
   * rather than how it passes.
   */
  async proposeAndExecute(voters: HardhatEthersSigner[]): Promise<void> {
    await this.proposeAndQueue(voters);
    await (await this.execute()).wait();
  }

  /**
   * Takes the current proposal from nothing to executable: propose (by the current account), every
   * `voters[i]` votes For, then queue and wait for the ETA. The caller executes (and asserts on it).
   */
  async proposeAndQueue(voters: HardhatEthersSigner[]): Promise<void> {
    await (await this.propose()).wait();
    await this.waitForSnapshot(1n);
    for (const voter of voters) await (await this.governor.connect(voter).castVote(this.id, VoteType.For)).wait();
    await this.waitForDeadline(1n);
    await (await this.queue()).wait();
    await this.waitForEta();
  }
}
