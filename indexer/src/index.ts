/**
 * Indexing functions: each event of the suite updates the tables of `ponder.schema.ts`, in chain
 * order (block, log index). Events without a table of their own go to `suite_event` through one
 * generic handler registered for every event of the deployed ABIs, so the events a later version of
 * a contract adds are recorded without a change here.
 */
import { ponder } from "ponder:registry";
import schema from "ponder:schema";
import type { Abi, AbiEvent } from "viem";

import config from "../ponder.config.js";
import { ERC20_METADATA, GOVERNOR_READS } from "../lib/abis.js";
import { PAYEES, unpackUsage } from "../lib/format.js";

type Hex = `0x${string}`;
const ZERO = "0x0000000000000000000000000000000000000000";
const GALEON = config.contracts.GaleonToken.address.toLowerCase() as Hex;
const TREASURY = config.contracts.GaleonTreasury.address.toLowerCase() as Hex;

/** Loose types for the helpers shared by every handler (Ponder types each handler's own). */
interface AnyEvent {
  id: string;
  args: unknown;
  block: { number: bigint; timestamp: bigint };
  log: { logIndex: number };
  transaction: { hash: Hex };
}
type AnyContext = Parameters<Parameters<typeof ponder.on<"DataAccessRouter:Purchased">>[1]>[0]["context"];

/** Every event name with a handler of its own (the generic event log skips them). */
const handled = new Set<string>();
const on = ((name: string, fn: never) => {
  handled.add(name);
  (ponder as unknown as { on(name: string, fn: never): void }).on(name, fn);
}) as typeof ponder.on;

const lower = (address: string) => address.toLowerCase() as Hex;

function at(event: AnyEvent) {
  return {
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
    timestamp: event.block.timestamp,
    transactionHash: event.transaction.hash,
  };
}

/** Decoded arguments as JSON: bigints as decimal strings, arrays kept. */
function plain(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

async function record(contract: string, name: string, event: AnyEvent, context: AnyContext) {
  const args = plain(event.args);
  await context.db.insert(schema.suiteEvent).values({
    id: event.id,
    contract,
    name,
    args: (Array.isArray(args) ? Object.fromEntries(args.map((v, i) => [String(i), v])) : args) as Record<
      string,
      unknown
    >,
    ...at(event),
  });
}

/** The token's row, created on first sight with its symbol and decimals read at that block. */
async function ensureToken(context: AnyContext, address: string, blockNumber: bigint) {
  const key = lower(address);
  const found = await context.db.find(schema.token, { address: key });
  if (found !== null) return found;
  const [symbol, decimals] = await Promise.all([
    context.client.readContract({ abi: ERC20_METADATA, address: key, functionName: "symbol", blockNumber }),
    context.client.readContract({ abi: ERC20_METADATA, address: key, functionName: "decimals", blockNumber }),
  ]);
  return await context.db.insert(schema.token).values({
    address: key,
    symbol: symbol as string,
    decimals: Number(decimals),
    isGaleon: key === GALEON,
    allowed: false,
    purchases: 0,
    revenue: 0n,
    toHospitals: 0n,
    toTreasury: 0n,
    toBuyback: 0n,
    toGaleon: 0n,
    hospitalsClaimed: 0n,
    treasuryWithdrawn: 0n,
    buybackWithdrawn: 0n,
    galeonWithdrawn: 0n,
    treasuryBalance: 0n,
  });
}

async function ensureGaleon(context: AnyContext, blockNumber: bigint) {
  const found = await context.db.find(schema.galeon, { id: "galeon" });
  if (found !== null) return found;
  const meta = await ensureToken(context, GALEON, blockNumber);
  const name = await context.client.readContract({
    abi: [{ type: "function", name: "name", stateMutability: "view", inputs: [], outputs: [{ type: "string" }] }],
    address: GALEON,
    functionName: "name",
    blockNumber,
  });
  return await context.db.insert(schema.galeon).values({
    id: "galeon",
    address: GALEON,
    name,
    symbol: meta.symbol,
    decimals: meta.decimals,
    allocated: 0n,
    minted: 0n,
    burned: 0n,
    totalSupply: 0n,
    holders: 0,
  });
}

async function ensureTreasury(context: AnyContext) {
  await context.db
    .insert(schema.treasury)
    .values({ id: "treasury", address: TREASURY, ethBalance: 0n, grants: 0 })
    .onConflictDoNothing();
}

/** Adds `delta` to a $GALEON holder's balance; keeps the holder count. */
async function moveBalance(context: AnyContext, address: Hex, delta: bigint) {
  const key = lower(address);
  const before = (await context.db.find(schema.account, { address: key }))?.balance ?? 0n;
  const after = before + delta;
  await context.db
    .insert(schema.account)
    .values({ address: key, balance: after, votes: 0n })
    .onConflictDoUpdate({ balance: after });
  const change = (after > 0n ? 1 : 0) - (before > 0n ? 1 : 0);
  if (change !== 0)
    await context.db.update(schema.galeon, { id: "galeon" }).set((g) => ({ holders: g.holders + change }));
}

async function moveTreasuryBalance(context: AnyContext, token: Hex, from: Hex, to: Hex, value: bigint, block: bigint) {
  const delta = (lower(to) === TREASURY ? value : 0n) - (lower(from) === TREASURY ? value : 0n);
  if (delta === 0n) return;
  await ensureToken(context, token, block);
  await context.db
    .update(schema.token, { address: lower(token) })
    .set((t) => ({ treasuryBalance: t.treasuryBalance + delta }));
}

/* $GALEON */

on("GaleonToken:Transfer", async ({ event, context }) => {
  const { from, to, value } = event.args;
  const galeon = await ensureGaleon(context, event.block.number);
  if (from === ZERO || to === ZERO) {
    const mint = from === ZERO;
    const totalSupply = galeon.totalSupply + (mint ? value : -value);
    const burned = galeon.burned + (mint ? 0n : value);
    await context.db.update(schema.galeon, { id: "galeon" }).set({
      totalSupply,
      burned,
      minted: galeon.minted + (mint ? value : 0n),
    });
    await context.db.insert(schema.supplyChange).values({
      id: event.id,
      kind: mint ? "mint" : "burn",
      account: lower(mint ? to : from),
      amount: value,
      totalSupply,
      burned,
      ...at(event),
    });
  }
  if (from !== ZERO) await moveBalance(context, from, -value);
  if (to !== ZERO) await moveBalance(context, to, value);
  await moveTreasuryBalance(context, GALEON, from, to, value, event.block.number);
});

on("GaleonToken:GaleonAllocated", async ({ event, context }) => {
  await ensureGaleon(context, event.block.number);
  await context.db.update(schema.galeon, { id: "galeon" }).set((g) => ({ allocated: g.allocated + event.args.amount }));
});

on("GaleonToken:DelegateChanged", async ({ event, context }) => {
  const { delegator, fromDelegate, toDelegate } = event.args;
  await context.db
    .insert(schema.account)
    .values({ address: lower(delegator), balance: 0n, votes: 0n, delegate: lower(toDelegate) })
    .onConflictDoUpdate({ delegate: lower(toDelegate) });
  await context.db.insert(schema.delegation).values({
    id: event.id,
    delegator: lower(delegator),
    fromDelegate: lower(fromDelegate),
    toDelegate: lower(toDelegate),
    ...at(event),
  });
});

on("GaleonToken:DelegateVotesChanged", async ({ event, context }) => {
  const { delegate, newVotes } = event.args;
  await context.db
    .insert(schema.account)
    .values({ address: lower(delegate), balance: 0n, votes: newVotes })
    .onConflictDoUpdate({ votes: newVotes });
});

/* The router: purchases, claims, payees, hospitals */

on("DataAccessRouter:TokenAllowedSet", async ({ event, context }) => {
  await ensureToken(context, event.args.token, event.block.number);
  await context.db.update(schema.token, { address: lower(event.args.token) }).set({ allowed: event.args.allowed });
  await record("DataAccessRouter", "TokenAllowedSet", event, context);
});

on("DataAccessRouter:Purchased", async ({ event, context }) => {
  const { accessId, token, buyer, payer, amount, parts, jobHash, accessExpiry, usage, credits } = event.args;
  const tokenKey = lower(token);
  await ensureToken(context, tokenKey, event.block.number);
  await context.db.update(schema.token, { address: tokenKey }).set((t) => ({
    purchases: t.purchases + 1,
    revenue: t.revenue + amount,
    toHospitals: t.toHospitals + parts[0],
    toTreasury: t.toTreasury + parts[1],
    toBuyback: t.toBuyback + parts[2],
    toGaleon: t.toGaleon + parts[3],
  }));
  // The credits go into the purchase's row (one row, not one per hospital), each with the
  // hospital's running balance after it.
  const credited = {
    hospitals: [] as number[],
    units: [] as bigint[],
    credits: [] as bigint[],
    balances: [] as bigint[],
  };
  for (let i = 0; i < usage.length; i++) {
    const entry = unpackUsage(usage[i]);
    const hospitalId = Number(entry.hospitalId);
    const credit = credits[i];
    await context.db.update(schema.hospital, { id: hospitalId }).set((h) => ({ purchases: h.purchases + 1 }));
    if (credit === 0n) continue;
    const balance = (await context.db
      .insert(schema.hospitalBalance)
      .values({ hospitalId, token: tokenKey, credits: 1, credited: credit, claimed: 0n, balance: credit })
      .onConflictDoUpdate((b) => ({
        credits: b.credits + 1,
        credited: b.credited + credit,
        balance: b.balance + credit,
      }))) as { balance: bigint };
    credited.hospitals.push(hospitalId);
    credited.units.push(entry.units);
    credited.credits.push(credit);
    credited.balances.push(balance.balance);
  }
  await context.db.insert(schema.purchase).values({
    accessId,
    token: tokenKey,
    buyer: lower(buyer),
    payer: lower(payer),
    amount,
    toHospitals: parts[0],
    toTreasury: parts[1],
    toBuyback: parts[2],
    toGaleon: parts[3],
    jobHash,
    accessExpiry,
    hospitals: usage.length,
    creditedHospitals: credited.hospitals,
    creditUnits: credited.units,
    credits: credited.credits,
    creditBalances: credited.balances,
    revoked: false,
    ...at(event),
  });
});

on("DataAccessRouter:HospitalClaimed", async ({ event, context }) => {
  const { hospitalId, token, payout, amount } = event.args;
  const tokenKey = lower(token);
  // The router pays only what was credited, so the row exists; an upsert keeps the indexer running if not.
  const balance = (await context.db
    .insert(schema.hospitalBalance)
    .values({ hospitalId, token: tokenKey, credits: 0, credited: 0n, claimed: amount, balance: -amount })
    .onConflictDoUpdate((b) => ({ claimed: b.claimed + amount, balance: b.balance - amount }))) as { balance: bigint };
  await context.db
    .update(schema.token, { address: tokenKey })
    .set((t) => ({ hospitalsClaimed: t.hospitalsClaimed + amount }));
  await context.db.insert(schema.statementEntry).values({
    id: `${event.id}-${hospitalId}`,
    hospitalId,
    kind: "claim",
    ...at(event),
    token: tokenKey,
    amount: -amount,
    balance: balance.balance,
    payout: lower(payout),
  });
});

on("DataAccessRouter:PayeeWithdrawn", async ({ event, context }) => {
  const { payee, token, to, amount } = event.args;
  const name = PAYEES[payee] ?? `payee-${payee}`;
  const tokenKey = lower(token);
  await ensureToken(context, tokenKey, event.block.number);
  await context.db.update(schema.token, { address: tokenKey }).set((t) => ({
    treasuryWithdrawn: t.treasuryWithdrawn + (payee === 0 ? amount : 0n),
    buybackWithdrawn: t.buybackWithdrawn + (payee === 1 ? amount : 0n),
    galeonWithdrawn: t.galeonWithdrawn + (payee === 2 ? amount : 0n),
  }));
  await context.db
    .insert(schema.payeeWithdrawal)
    .values({ id: event.id, payee: name, token: tokenKey, to: lower(to), amount, ...at(event) });
});

on("DataAccessRouter:PayeeAddressSet", async ({ event, context }) => {
  const { payee, newAddress } = event.args;
  await context.db
    .insert(schema.payee)
    .values({ index: payee, name: PAYEES[payee] ?? `payee-${payee}`, address: lower(newAddress) })
    .onConflictDoUpdate({ address: lower(newAddress) });
  await record("DataAccessRouter", "PayeeAddressSet", event, context);
});

on("DataAccessRouter:AccessRevoked", async ({ event, context }) => {
  await context.db.update(schema.purchase, { accessId: event.args.accessId }).set({ revoked: true });
  await record("DataAccessRouter", "AccessRevoked", event, context);
});

on("DataAccessRouter:SplitSet", async ({ event, context }) => {
  await record("DataAccessRouter", "SplitSet", event, context);
});

on("DataAccessRouter:HospitalRegistered", async ({ event, context }) => {
  const { hospitalId, payout, metadataHash } = event.args;
  await context.db.insert(schema.hospital).values({
    id: hospitalId,
    payout: lower(payout),
    metadataHash,
    status: "active",
    purchases: 0,
    registeredBlock: event.block.number,
    registeredAt: event.block.timestamp,
  });
  await record("DataAccessRouter", "HospitalRegistered", event, context);
});

on("DataAccessRouter:HospitalSuspended", async ({ event, context }) => {
  await context.db.update(schema.hospital, { id: event.args.hospitalId }).set({ status: "suspended" });
  await record("DataAccessRouter", "HospitalSuspended", event, context);
});

on("DataAccessRouter:HospitalReactivated", async ({ event, context }) => {
  await context.db.update(schema.hospital, { id: event.args.hospitalId }).set({ status: "active" });
  await record("DataAccessRouter", "HospitalReactivated", event, context);
});

on("DataAccessRouter:MetadataHashSet", async ({ event, context }) => {
  await context.db
    .update(schema.hospital, { id: event.args.hospitalId })
    .set({ metadataHash: event.args.metadataHash });
  await record("DataAccessRouter", "MetadataHashSet", event, context);
});

on("DataAccessRouter:PayoutSet", async ({ event, context }) => {
  const { hospitalId, previousPayout, newPayout } = event.args;
  await context.db.update(schema.hospital, { id: hospitalId }).set({ payout: lower(newPayout) });
  await context.db.insert(schema.statementEntry).values({
    id: `${event.id}-${hospitalId}`,
    hospitalId,
    kind: "payout_change",
    ...at(event),
    amount: 0n,
    payout: lower(newPayout),
    previousPayout: lower(previousPayout),
  });
  await record("DataAccessRouter", "PayoutSet", event, context);
});

/* The buy-back */

on("BuybackBurner:BuybackExecuted", async ({ event, context }) => {
  const { token, amountIn, galeonBurned, twapX112, minOut } = event.args;
  await context.db
    .insert(schema.buyback)
    .values({ id: event.id, token: lower(token), amountIn, galeonBurned, twapX112, minOut, ...at(event) });
});

/* The DAO */

on("GaleonGovernor:ProposalCreated", async ({ event, context }) => {
  const a = event.args;
  await context.db.insert(schema.proposal).values({
    id: a.proposalId,
    proposer: lower(a.proposer),
    targets: a.targets.map(lower),
    values: a.values.map(String),
    signatures: [...a.signatures],
    calldatas: [...a.calldatas],
    description: a.description,
    voteStart: a.voteStart,
    voteEnd: a.voteEnd,
    forVotes: 0n,
    againstVotes: 0n,
    abstainVotes: 0n,
    voters: 0,
    ...at(event),
  });
});

async function countVote(
  event: AnyEvent,
  context: AnyContext,
  a: { voter: Hex; proposalId: bigint; support: number; weight: bigint; reason: string; params?: Hex },
) {
  await context.db.insert(schema.vote).values({
    id: `${a.proposalId}-${lower(a.voter)}`,
    proposalId: a.proposalId,
    voter: lower(a.voter),
    support: a.support,
    weight: a.weight,
    reason: a.reason,
    params: a.params,
    ...at(event),
  });
  await context.db.update(schema.proposal, { id: a.proposalId }).set((p) => ({
    againstVotes: p.againstVotes + (a.support === 0 ? a.weight : 0n),
    forVotes: p.forVotes + (a.support === 1 ? a.weight : 0n),
    abstainVotes: p.abstainVotes + (a.support === 2 ? a.weight : 0n),
    voters: p.voters + 1,
  }));
}

on("GaleonGovernor:VoteCast", async ({ event, context }) => {
  await countVote(event, context, event.args);
});

on("GaleonGovernor:VoteCastWithParams", async ({ event, context }) => {
  await countVote(event, context, event.args);
});

on("GaleonGovernor:ProposalQueued", async ({ event, context }) => {
  await context.db
    .update(schema.proposal, { id: event.args.proposalId })
    .set({ etaSeconds: event.args.etaSeconds, queuedAt: event.block.timestamp });
  await record("GaleonGovernor", "ProposalQueued", event, context);
});

on("GaleonGovernor:ProposalExecuted", async ({ event, context }) => {
  await context.db.update(schema.proposal, { id: event.args.proposalId }).set({ executedAt: event.block.timestamp });
  await record("GaleonGovernor", "ProposalExecuted", event, context);
});

on("GaleonGovernor:ProposalCanceled", async ({ event, context }) => {
  await context.db.update(schema.proposal, { id: event.args.proposalId }).set({ canceledAt: event.block.timestamp });
  await record("GaleonGovernor", "ProposalCanceled", event, context);
});

on("GaleonGovernor:ProposalExtended", async ({ event, context }) => {
  await context.db
    .update(schema.proposal, { id: event.args.proposalId })
    .set({ voteEnd: BigInt(event.args.extendedDeadline) });
  await record("GaleonGovernor", "ProposalExtended", event, context);
});

on("GaleonGovernor:QuorumNumeratorUpdated", async ({ event, context }) => {
  const denominator = await context.client.readContract({
    abi: GOVERNOR_READS,
    address: config.contracts.GaleonGovernor.address,
    functionName: "quorumDenominator",
    blockNumber: event.block.number,
  });
  await context.db
    .insert(schema.quorumNumerator)
    .values({ id: event.id, numerator: event.args.newQuorumNumerator, denominator, ...at(event) });
  await record("GaleonGovernor", "QuorumNumeratorUpdated", event, context);
});

/* The treasury */

async function flow(
  event: AnyEvent,
  context: AnyContext,
  row: {
    kind: "collected" | "eth_received" | "token_paid" | "eth_paid";
    token?: Hex;
    counterparty: Hex;
    amount: bigint;
  },
) {
  await ensureTreasury(context);
  await context.db.insert(schema.treasuryFlow).values({
    id: event.id,
    kind: row.kind,
    token: row.token === undefined ? undefined : lower(row.token),
    counterparty: lower(row.counterparty),
    amount: row.amount,
    ...at(event),
  });
}

on("GaleonTreasury:Collected", async ({ event, context }) => {
  const { router, token, amount } = event.args;
  await flow(event, context, { kind: "collected", token, counterparty: router, amount });
});

on("GaleonTreasury:TokenPaid", async ({ event, context }) => {
  const { token, to, amount } = event.args;
  await flow(event, context, { kind: "token_paid", token, counterparty: to, amount });
});

on("GaleonTreasury:EthReceived", async ({ event, context }) => {
  await flow(event, context, { kind: "eth_received", counterparty: event.args.from, amount: event.args.amount });
  await context.db
    .update(schema.treasury, { id: "treasury" })
    .set((t) => ({ ethBalance: t.ethBalance + event.args.amount }));
});

on("GaleonTreasury:EthPaid", async ({ event, context }) => {
  await flow(event, context, { kind: "eth_paid", counterparty: event.args.to, amount: event.args.amount });
  await context.db
    .update(schema.treasury, { id: "treasury" })
    .set((t) => ({ ethBalance: t.ethBalance - event.args.amount }));
});

on("GaleonTreasury:VestingGrantCreated", async ({ event, context }) => {
  const a = event.args;
  await ensureTreasury(context);
  await context.db.insert(schema.vestingGrant).values({
    grantId: a.grantId,
    wallet: lower(a.wallet),
    beneficiary: lower(a.beneficiary),
    token: lower(a.token),
    amount: a.amount,
    start: BigInt(a.start),
    duration: BigInt(a.duration),
    ...at(event),
  });
  await context.db.update(schema.treasury, { id: "treasury" }).set((t) => ({ grants: t.grants + 1 }));
});

/* The treasury's stablecoin balances ($GALEON's come from its own transfers above) */

on("TreasuryTokenIn:Transfer", async ({ event, context }) => {
  if (lower(event.log.address) === GALEON) return;
  await ensureTreasury(context);
  const { from, to, value } = event.args;
  await moveTreasuryBalance(context, event.log.address, from, to, value, event.block.number);
});

on("TreasuryTokenOut:Transfer", async ({ event, context }) => {
  if (lower(event.log.address) === GALEON) return;
  const { from, to, value } = event.args;
  // A transfer from the treasury to itself is counted by TreasuryTokenIn only (in and out cancel).
  if (lower(to) === TREASURY) return;
  await moveTreasuryBalance(context, event.log.address, from, to, value, event.block.number);
});

/* Every other event of the suite's contracts: the generic event log */

const SUITE_CONTRACTS = [
  "GaleonToken",
  "DataAccessRouter",
  "BuybackBurner",
  "GaleonGovernor",
  "GaleonTreasury",
  "TimelockController",
  "JobEscrow",
  "PayoutBatcher",
] as const;
/** Events with a table of their own or of no interest (approvals). */
const NOT_LOGGED = new Set([
  "GaleonToken:Approval",
  // Handled in ./permits.ts (their own tables, and the event log).
  "DataAccessRouter:AccessPermit",
  "DataAccessRouter:AccessRenewed",
  // Handled in ./escrow.ts (the job table, and the event log).
  "JobEscrow:LockFunded",
  "JobEscrow:LockSettled",
  "JobEscrow:LockRefunded",
]);

function safeName(abi: Abi, event: AbiEvent): string {
  const overloaded = abi.filter((i) => i.type === "event" && i.name === event.name).length > 1;
  return overloaded
    ? `${event.name}(${event.inputs.map((i) => `${i.type}${i.indexed ? " indexed" : ""} ${i.name}`).join(", ")})`
    : event.name;
}

for (const contract of SUITE_CONTRACTS) {
  const abi = config.contracts[contract].abi as unknown as Abi;
  for (const item of abi) {
    if (item.type !== "event" || item.anonymous === true) continue;
    const name = `${contract}:${safeName(abi, item)}`;
    if (handled.has(name) || NOT_LOGGED.has(name)) continue;
    const generic = async ({ event, context }: { event: AnyEvent; context: AnyContext }) =>
      record(contract, item.name, event, context);
    (ponder as unknown as { on(name: string, fn: typeof generic): void }).on(name, generic);
  }
}
