/**
 * The DAO member's reads and writes, outside the page: the deployment as the command line's decoder
 * reads it (ABIs from this server), proposals with their live state, timeline, tallies and quorum,
 * their actions decoded and simulated as the timelock will run them, and the signed ballots of a vote
 * by signature. Sentences are the command line's (`npx hardhat dao ...`).
 */
import { Contract, id, Signature, type Signer } from "ethers";

import type { AppContext } from "./context.js";
import {
  BALLOT_TYPES,
  decodeAction,
  type DecodedAction,
  type Deployment,
  type Eip1193,
  ErrorDecoder,
  EXTENDED_BALLOT_TYPES,
  PROPOSAL_STATE_NAMES,
  sentenceContext,
  simulateProposal,
  simulationSummary,
  type StateName,
  tokenLookup,
} from "./domain.js";
import errorsAbi from "../../abi/errors.json" with { type: "json" };

export const GOVERNOR_ABI = [
  "function state(uint256) view returns (uint8)",
  "function proposalSnapshot(uint256) view returns (uint256)",
  "function proposalDeadline(uint256) view returns (uint256)",
  "function proposalEta(uint256) view returns (uint256)",
  "function proposalVotes(uint256) view returns (uint256 against, uint256 forVotes, uint256 abstain)",
  "function quorum(uint256) view returns (uint256)",
  "function hasVoted(uint256, address) view returns (bool)",
  "function getVotes(address, uint256) view returns (uint256)",
  "function isGuardianLimiting(uint256) view returns (bool)",
  "function lateQuorumVoteExtension() view returns (uint48)",
  "function votingPeriod() view returns (uint256)",
  "function nonces(address) view returns (uint256)",
  "function eip712Domain() view returns (bytes1, string name, string version, uint256 chainId, address verifyingContract, bytes32, uint256[])",
  "function castVote(uint256, uint8) returns (uint256)",
  "function castVoteWithReason(uint256, uint8, string) returns (uint256)",
  "function castVoteBySig(uint256, uint8, address, bytes) returns (uint256)",
  "function castVoteWithReasonAndParamsBySig(uint256, uint8, address, string, bytes, bytes) returns (uint256)",
  "function queue(address[], uint256[], bytes[], bytes32) returns (uint256)",
  "function execute(address[], uint256[], bytes[], bytes32) payable returns (uint256)",
];
export const TOKEN_ABI = [
  "function balanceOf(address) view returns (uint256)",
  "function getVotes(address) view returns (uint256)",
  "function delegates(address) view returns (address)",
  "function delegate(address)",
];
const TIMELOCK_ABI = ["function getMinDelay() view returns (uint256)"];

export type { StateName };

/** The deployment as the command line's decoder reads it: contracts by future id, ABIs from `/app/abi/`. */
export function appDeployment(ctx: AppContext): Deployment {
  const futures = ctx.config.futures;
  const abis = new Map<string, Promise<unknown[]>>();
  const resolve = (name: string) =>
    name.includes("#")
      ? futures[name] === undefined
        ? undefined
        : name
      : Object.keys(futures).find((f) => f.endsWith(`#${name}`));
  return {
    id: ctx.config.deploymentId,
    addresses: futures,
    has: (name: string) => resolve(name) !== undefined,
    address(name: string) {
      const future = resolve(name);
      if (future === undefined) throw new Error(`deployment ${ctx.config.deploymentId} has no ${name}`);
      return futures[future];
    },
    async abi(name: string) {
      const future = resolve(name) ?? name;
      if (!abis.has(future)) abis.set(future, ctx.api<unknown[]>(`/app/abi/${encodeURIComponent(future)}`));
      return await abis.get(future)!;
    },
  };
}

/** A proposal as `GET /api/proposals` gives it (amounts and times as decimal strings). */
export interface ApiProposal {
  id: string;
  proposer: string;
  targets: string[];
  values: string[];
  calldatas: string[];
  description: string;
  voteStart: string;
  voteEnd: string;
  forVotes: string;
  againstVotes: string;
  abstainVotes: string;
  voters: number;
  etaSeconds: string | null;
  executedAt: string | null;
  canceledAt: string | null;
  timestamp?: string;
  state: string;
  quorum: string | null;
}

export interface ApiVote {
  voter: string;
  support: number;
  weight: string;
  reason: string;
  transactionHash?: string;
}

export interface DaoReader {
  governor: Contract;
  token: Contract;
  deployment: Deployment;
  now(): Promise<bigint>;
  state(proposalId: bigint): Promise<StateName>;
  decode(p: { targets: string[]; values: bigint[]; calldatas: string[] }): Promise<DecodedAction[]>;
  galeon: { symbol: string; decimals: number };
  minDelay(): Promise<bigint>;
}

export function daoReader(ctx: AppContext): DaoReader {
  const deployment = appDeployment(ctx);
  const governor = new Contract(ctx.address("GaleonGovernor"), GOVERNOR_ABI, ctx.read);
  const token = new Contract(ctx.address("GaleonToken"), TOKEN_ABI, ctx.read);
  const tokens = tokenLookup(ctx.read);
  const galeon = ctx.config.tokens.find((t) => t.isGaleon) ?? { symbol: "GALEON", decimals: 18 };
  return {
    governor,
    token,
    deployment,
    galeon,
    now: async () => BigInt((await ctx.read.getBlock("latest"))!.timestamp),
    state: async (proposalId) => PROPOSAL_STATE_NAMES[Number(await governor.state(proposalId))],
    decode: async (p) =>
      await Promise.all(p.targets.map((t, i) => decodeAction(deployment, t, p.values[i], p.calldatas[i], tokens))),
    minDelay: async () =>
      (await new Contract(ctx.address("TimelockController"), TIMELOCK_ABI, ctx.read).getMinDelay()) as bigint,
  };
}

/** The EIP-1193 provider reads go through: the wallet's when it is on the deployment's chain, else this server's proxy. */
export function readEip1193(ctx: AppContext): Eip1193 {
  const wallet = ctx.wallet;
  if (wallet !== undefined && wallet.chainId === ctx.config.chainId) return wallet.provider as Eip1193;
  return {
    async request({ method, params }: { method: string; params?: unknown[] | object }) {
      const response = await fetch("/app/rpc", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: params ?? [] }),
      });
      const body = (await response.json()) as {
        result?: unknown;
        error?: { code: number; message: string; data?: unknown };
      };
      if (body.error !== undefined) throw Object.assign(new Error(body.error.message), body.error);
      return body.result;
    },
  };
}

/** The result of simulating a proposal's actions as the timelock will run them, in one sentence (the command line's words). */
export async function simulationSentence(
  ctx: AppContext,
  dao: DaoReader,
  p: { targets: string[]; values: bigint[]; calldatas: string[]; description: string },
  actions: DecodedAction[],
  at: bigint,
  atLabel: string,
): Promise<{ outcome: "passes" | "fails" | "not simulated"; summary: string }> {
  const result = await simulateProposal(
    readEip1193(ctx),
    { governor: ctx.address("GaleonGovernor"), timelock: ctx.address("TimelockController") },
    { targets: p.targets, values: p.values, calldatas: p.calldatas, descriptionHash: id(p.description) },
    { at },
  );
  const decoder = new ErrorDecoder(
    [Object.values(errorsAbi as Record<string, { abi: unknown }>).map((e) => e.abi)],
    sentenceContext(ctx.config.tokens),
  );
  const { summary } = await simulationSummary(
    result,
    actions,
    { at, atLabel },
    (_action, data) => decoder.describe(data) ?? "it reverts without a reason",
  );
  void dao;
  return { outcome: result.outcome, summary };
}

/** A vote signed for someone else to relay (`castVoteBySig`, or `castVoteWithReasonAndParamsBySig` with a reason). */
export interface SignedBallot {
  kind: "galeon-ballot";
  chainId: number;
  governor: string;
  proposalId: string;
  support: number;
  voter: string;
  nonce: string;
  reason: string;
  params: string;
  signature: string;
}

/** Signs the EIP-712 Ballot (or ExtendedBallot, with a reason) of a vote in the wallet. */
export async function signBallot(
  ctx: AppContext,
  signer: Signer,
  proposalId: bigint,
  support: number,
  reason: string,
): Promise<SignedBallot> {
  const governor = new Contract(ctx.address("GaleonGovernor"), GOVERNOR_ABI, ctx.read);
  const voter = await signer.getAddress();
  const [domainFields, nonce] = await Promise.all([
    governor.eip712Domain() as Promise<[string, string, string, bigint, string]>,
    governor.nonces(voter) as Promise<bigint>,
  ]);
  const domain = {
    name: domainFields[1],
    version: domainFields[2],
    chainId: domainFields[3],
    verifyingContract: domainFields[4],
  };
  const params = "0x";
  const signature =
    reason === ""
      ? await signer.signTypedData(domain, BALLOT_TYPES, { proposalId, support, voter, nonce })
      : await signer.signTypedData(domain, EXTENDED_BALLOT_TYPES, {
          proposalId,
          support,
          voter,
          nonce,
          reason,
          params,
        });
  return {
    kind: "galeon-ballot",
    chainId: ctx.config.chainId,
    governor: ctx.address("GaleonGovernor"),
    proposalId: proposalId.toString(),
    support,
    voter,
    nonce: nonce.toString(),
    reason,
    params,
    signature: Signature.from(signature).serialized,
  };
}

/** Reads a signed ballot from its JSON; a refusal sentence when it is not one for this deployment. */
export function parseBallot(ctx: AppContext, text: string): SignedBallot {
  let json: Partial<SignedBallot>;
  try {
    json = JSON.parse(text) as Partial<SignedBallot>;
  } catch {
    throw new Error("This is not a signed vote: paste the JSON the voter downloaded (it starts with {).");
  }
  if (json.kind !== "galeon-ballot") throw new Error('This is not a signed vote: its "kind" is not galeon-ballot.');
  if (
    json.chainId !== ctx.config.chainId ||
    json.governor?.toLowerCase() !== ctx.address("GaleonGovernor").toLowerCase()
  ) {
    throw new Error(
      `This vote was signed for the Governor ${json.governor} on chain ${json.chainId}, not this deployment's` +
        ` (${ctx.address("GaleonGovernor")} on chain ${ctx.config.chainId}): it cannot be relayed here.`,
    );
  }
  for (const field of ["proposalId", "voter", "signature", "nonce"] as const) {
    if (typeof json[field] !== "string" || json[field] === "") throw new Error(`This signed vote has no "${field}".`);
  }
  if (![0, 1, 2].includes(json.support as number)) throw new Error("This signed vote's support is not 0, 1 or 2.");
  return json as SignedBallot;
}

/** Sends a signed ballot from whoever relays it. */
export function relayBallot(ctx: AppContext, signer: Signer, ballot: SignedBallot) {
  const governor = new Contract(ctx.address("GaleonGovernor"), GOVERNOR_ABI, signer);
  return ballot.reason === "" && ballot.params === "0x"
    ? (governor.castVoteBySig(
        BigInt(ballot.proposalId),
        ballot.support,
        ballot.voter,
        ballot.signature,
      ) as Promise<never>)
    : (governor.castVoteWithReasonAndParamsBySig(
        BigInt(ballot.proposalId),
        ballot.support,
        ballot.voter,
        ballot.reason,
        ballot.params,
        ballot.signature,
      ) as Promise<never>);
}

export const SUPPORT_NAMES = ["against", "for", "abstain"] as const;
