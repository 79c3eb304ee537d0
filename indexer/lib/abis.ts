/**
 * The events the indexer reads field by field, per contract, as typed ABI fragments. At start the
 * indexer takes each contract's ABI from the Ignition deployment (what is really deployed, so new
 * events are picked up by the generic event log without a change here) and checks that every event
 * below is in it with the same signature (`suite.ts`); a contract that changed one of these events
 * stops the indexer with a sentence instead of indexing nothing.
 */
import { parseAbi } from "viem";

export const ROUTER_EVENTS = parseAbi([
  "event Purchased(bytes32 indexed accessId, address indexed token, address indexed buyer, address payer, uint256 amount, uint256[4] parts, bytes32 jobHash, uint64 accessExpiry, uint256[] usage, uint256[] credits)",
  "event HospitalClaimed(uint32 indexed hospitalId, address indexed token, address indexed payout, uint256 amount)",
  "event PayeeWithdrawn(uint8 indexed payee, address indexed token, address indexed to, uint256 amount)",
  "event PayeeAddressSet(uint8 indexed payee, address indexed previousAddress, address indexed newAddress)",
  "event AccessRevoked(bytes32 indexed accessId, address indexed by)",
  "event TokenAllowedSet(address indexed token, bool allowed)",
  "event SplitSet(uint16 hospitalsBps, uint16 treasuryBps, uint16 buybackBps, uint16 galeonBps)",
  "event HospitalRegistered(uint32 indexed hospitalId, address indexed payout, bytes32 metadataHash)",
  "event HospitalSuspended(uint32 indexed hospitalId)",
  "event HospitalReactivated(uint32 indexed hospitalId)",
  "event MetadataHashSet(uint32 indexed hospitalId, bytes32 metadataHash)",
  "event PayoutSet(uint32 indexed hospitalId, address indexed previousPayout, address indexed newPayout)",
  "event AccessPermit(bytes32 indexed accessId, bytes32 indexed permitId, uint64 permitExpiry)",
  "event AccessRenewed(bytes32 indexed renews, bytes32 indexed accessId, uint64 newExpiry)",
]);

/** The job escrow's (metered data jobs, issue 14). */
export const ESCROW_EVENTS = parseAbi([
  "event LockFunded(bytes32 indexed lockId, address indexed payer, address indexed buyer, address token, uint256 maxAmount, uint256 autoSettleLimit, uint64 settleBy, bytes32 jobHash, bytes32 salt)",
  "event LockSettled(bytes32 indexed lockId, address indexed payer, address indexed token, uint256 amount, uint256 refund, address by)",
  "event LockRefunded(bytes32 indexed lockId, address indexed payer, address indexed token, uint256 amount, address by)",
]);

/** The payout batcher's own event; the claims it makes are the router's `HospitalClaimed`. */
export const BATCHER_EVENTS = parseAbi([
  "event HospitalClaimFailed(uint32 indexed hospitalId, address indexed token, bytes reason)",
]);

export const BURNER_EVENTS = parseAbi([
  "event BuybackExecuted(address indexed token, uint256 amountIn, uint256 galeonBurned, uint256 twapX112, uint256 minOut)",
]);

export const TOKEN_EVENTS = parseAbi([
  "event Transfer(address indexed from, address indexed to, uint256 value)",
  "event DelegateChanged(address indexed delegator, address indexed fromDelegate, address indexed toDelegate)",
  "event DelegateVotesChanged(address indexed delegate, uint256 previousVotes, uint256 newVotes)",
  "event GaleonAllocated(address indexed recipient, uint256 amount)",
]);

export const GOVERNOR_EVENTS = parseAbi([
  "event ProposalCreated(uint256 proposalId, address proposer, address[] targets, uint256[] values, string[] signatures, bytes[] calldatas, uint256 voteStart, uint256 voteEnd, string description)",
  "event VoteCast(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason)",
  "event VoteCastWithParams(address indexed voter, uint256 proposalId, uint8 support, uint256 weight, string reason, bytes params)",
  "event ProposalQueued(uint256 proposalId, uint256 etaSeconds)",
  "event ProposalExecuted(uint256 proposalId)",
  "event ProposalCanceled(uint256 proposalId)",
  "event ProposalExtended(uint256 indexed proposalId, uint64 extendedDeadline)",
  "event QuorumNumeratorUpdated(uint256 oldQuorumNumerator, uint256 newQuorumNumerator)",
]);

export const TREASURY_EVENTS = parseAbi([
  "event Collected(address indexed router, address indexed token, uint256 amount)",
  "event EthReceived(address indexed from, uint256 amount)",
  "event TokenPaid(address indexed token, address indexed to, uint256 amount)",
  "event EthPaid(address indexed to, uint256 amount)",
  "event VestingGrantCreated(uint256 indexed grantId, address indexed wallet, address indexed beneficiary, address token, uint256 amount, uint64 start, uint64 duration)",
]);

/** The timelock: no event is read field by field; all of them go to the generic event log. */
export const TIMELOCK_EVENTS = parseAbi(["event MinDelayChange(uint256 oldDuration, uint256 newDuration)"]);

/** ERC-20 transfers of the payment tokens to and from the treasury (its balance per token). */
export const ERC20_TRANSFER = parseAbi(["event Transfer(address indexed from, address indexed to, uint256 value)"]);

/** Read once per payment token, at the block it was first allowlisted. */
export const ERC20_METADATA = parseAbi([
  "function symbol() view returns (string)",
  "function decimals() view returns (uint8)",
]);

/** Governor constants read once, at the block the governor was deployed. */
export const GOVERNOR_READS = parseAbi(["function quorumDenominator() view returns (uint256)"]);
