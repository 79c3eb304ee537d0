/**
 * The indexed state of the Galeon suite. Amounts are in base units (bigint); the API turns them into
 * token units. Only pseudonymous hospital ids, hashes, addresses and amounts: no personal data.
 * Every row written while indexing a block is undone by Ponder if that block is reorganised away.
 */
import { index, onchainTable, type PgColumnsBuilders, primaryKey, relations } from "ponder";

/** Where an event is in the chain (every event-derived row has these). */
const at = (t: PgColumnsBuilders) => ({
  blockNumber: t.bigint().notNull(),
  logIndex: t.integer().notNull(),
  timestamp: t.bigint().notNull(),
  transactionHash: t.hex().notNull(),
});

/**
 * Every token the suite has seen: the router's payment tokens (allowlisted now or before), $GALEON
 * and the treasury's stablecoins; with the router's money totals in it and the treasury's balance.
 */
export const token = onchainTable("token", (t) => ({
  address: t.hex().primaryKey(),
  symbol: t.text().notNull(),
  decimals: t.integer().notNull(),
  isGaleon: t.boolean().notNull(),
  /** Allowlisted by the router now. */
  allowed: t.boolean().notNull(),
  purchases: t.integer().notNull(),
  revenue: t.bigint().notNull(),
  toHospitals: t.bigint().notNull(),
  toTreasury: t.bigint().notNull(),
  toBuyback: t.bigint().notNull(),
  toGaleon: t.bigint().notNull(),
  hospitalsClaimed: t.bigint().notNull(),
  treasuryWithdrawn: t.bigint().notNull(),
  buybackWithdrawn: t.bigint().notNull(),
  galeonWithdrawn: t.bigint().notNull(),
  /** The treasury's balance of this token (from its transfers). */
  treasuryBalance: t.bigint().notNull(),
}));

export const hospital = onchainTable("hospital", (t) => ({
  id: t.integer().primaryKey(),
  payout: t.hex().notNull(),
  metadataHash: t.hex().notNull(),
  status: t.text().$type<"active" | "suspended">().notNull(),
  purchases: t.integer().notNull(),
  registeredBlock: t.bigint().notNull(),
  registeredAt: t.bigint().notNull(),
}));

/** A hospital's money in one token: credited, claimed, still claimable. */
export const hospitalBalance = onchainTable(
  "hospital_balance",
  (t) => ({
    hospitalId: t.integer().notNull(),
    token: t.hex().notNull(),
    credits: t.integer().notNull(),
    credited: t.bigint().notNull(),
    claimed: t.bigint().notNull(),
    balance: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.hospitalId, table.token] }) }),
);

/**
 * The lines of a hospital's statement that are not credits: a claim (amount negative, `balance` the
 * running balance of `token` after it) or a payout rotation (amount zero). The credits are the
 * purchase's own arrays (`purchase.creditedHospitals`), read by hospital through their GIN index: one
 * row per purchase, not one per hospital credit (docs/indexer.md, "Per-credit storage").
 */
export const statementEntry = onchainTable(
  "statement_entry",
  (t) => ({
    id: t.text().primaryKey(),
    hospitalId: t.integer().notNull(),
    kind: t.text().$type<"claim" | "payout_change">().notNull(),
    ...at(t),
    token: t.hex(),
    amount: t.bigint().notNull(),
    balance: t.bigint(),
    payout: t.hex().notNull(),
    previousPayout: t.hex(),
  }),
  (table) => ({ byHospital: index().on(table.hospitalId, table.blockNumber, table.logIndex) }),
);

export const purchase = onchainTable(
  "purchase",
  (t) => ({
    accessId: t.hex().primaryKey(),
    token: t.hex().notNull(),
    buyer: t.hex().notNull(),
    payer: t.hex().notNull(),
    amount: t.bigint().notNull(),
    toHospitals: t.bigint().notNull(),
    toTreasury: t.bigint().notNull(),
    toBuyback: t.bigint().notNull(),
    toGaleon: t.bigint().notNull(),
    jobHash: t.hex().notNull(),
    accessExpiry: t.bigint().notNull(),
    /** How many hospitals the usage vector names. */
    hospitals: t.integer().notNull(),
    /**
     * The hospitals this purchase credits (a non-zero credit), in the usage vector's order; with, at
     * the same place, the units of its data the job used, its credit, and its balance of `token` after
     * this credit (the statement's running balance). A hospital's credits are the purchases whose
     * `creditedHospitals` contain it (GIN index).
     */
    creditedHospitals: t.integer().array().notNull(),
    creditUnits: t.bigint().array().notNull(),
    credits: t.bigint().array().notNull(),
    creditBalances: t.bigint().array().notNull(),
    revoked: t.boolean().notNull(),
    ...at(t),
  }),
  (table) => ({
    byTime: index().on(table.timestamp),
    byBuyer: index().on(table.buyer),
    byCredited: index().using("gin", table.creditedHospitals),
    byPosition: index().on(table.blockNumber, table.logIndex),
  }),
);

/** The router's other payees: treasury (0), buy-back (1), Galeon (2), and where they are paid. */
export const payee = onchainTable("payee", (t) => ({
  index: t.integer().primaryKey(),
  name: t.text().notNull(),
  address: t.hex().notNull(),
}));

export const payeeWithdrawal = onchainTable("payee_withdrawal", (t) => ({
  id: t.text().primaryKey(),
  payee: t.text().notNull(),
  token: t.hex().notNull(),
  to: t.hex().notNull(),
  amount: t.bigint().notNull(),
  ...at(t),
}));

export const buyback = onchainTable("buyback", (t) => ({
  id: t.text().primaryKey(),
  token: t.hex().notNull(),
  amountIn: t.bigint().notNull(),
  galeonBurned: t.bigint().notNull(),
  twapX112: t.bigint().notNull(),
  minOut: t.bigint().notNull(),
  ...at(t),
}));

/** $GALEON as a whole: one row, id "galeon". */
export const galeon = onchainTable("galeon", (t) => ({
  id: t.text().primaryKey(),
  address: t.hex().notNull(),
  name: t.text().notNull(),
  symbol: t.text().notNull(),
  decimals: t.integer().notNull(),
  /** The sum of the `GaleonAllocated` events: the initial supply. */
  allocated: t.bigint().notNull(),
  minted: t.bigint().notNull(),
  burned: t.bigint().notNull(),
  totalSupply: t.bigint().notNull(),
  holders: t.integer().notNull(),
}));

/** Each mint or burn of $GALEON, with the supply and the burned total after it. */
export const supplyChange = onchainTable(
  "supply_change",
  (t) => ({
    id: t.text().primaryKey(),
    kind: t.text().$type<"mint" | "burn">().notNull(),
    account: t.hex().notNull(),
    amount: t.bigint().notNull(),
    totalSupply: t.bigint().notNull(),
    burned: t.bigint().notNull(),
    ...at(t),
  }),
  (table) => ({ byTime: index().on(table.timestamp) }),
);

/** A $GALEON holder or delegate: balance, delegate, votes. */
export const account = onchainTable("account", (t) => ({
  address: t.hex().primaryKey(),
  balance: t.bigint().notNull(),
  delegate: t.hex(),
  votes: t.bigint().notNull(),
}));

export const delegation = onchainTable("delegation", (t) => ({
  id: t.text().primaryKey(),
  delegator: t.hex().notNull(),
  fromDelegate: t.hex().notNull(),
  toDelegate: t.hex().notNull(),
  ...at(t),
}));

export const proposal = onchainTable("proposal", (t) => ({
  id: t.bigint().primaryKey(),
  proposer: t.hex().notNull(),
  targets: t.json().$type<string[]>().notNull(),
  /** Wei, as decimal strings. */
  values: t.json().$type<string[]>().notNull(),
  signatures: t.json().$type<string[]>().notNull(),
  calldatas: t.json().$type<string[]>().notNull(),
  description: t.text().notNull(),
  /** Timepoints of the governor's clock (unix seconds): snapshot and deadline, late-quorum extension included. */
  voteStart: t.bigint().notNull(),
  voteEnd: t.bigint().notNull(),
  forVotes: t.bigint().notNull(),
  againstVotes: t.bigint().notNull(),
  abstainVotes: t.bigint().notNull(),
  voters: t.integer().notNull(),
  etaSeconds: t.bigint(),
  queuedAt: t.bigint(),
  executedAt: t.bigint(),
  canceledAt: t.bigint(),
  ...at(t),
}));

export const vote = onchainTable(
  "vote",
  (t) => ({
    id: t.text().primaryKey(),
    proposalId: t.bigint().notNull(),
    voter: t.hex().notNull(),
    /** 0 against, 1 for, 2 abstain. */
    support: t.integer().notNull(),
    weight: t.bigint().notNull(),
    reason: t.text().notNull(),
    params: t.hex(),
    ...at(t),
  }),
  (table) => ({ byProposal: index().on(table.proposalId) }),
);

/** The governor's quorum numerator over time (its clock: unix seconds), and its denominator. */
export const quorumNumerator = onchainTable("quorum_numerator", (t) => ({
  id: t.text().primaryKey(),
  numerator: t.bigint().notNull(),
  denominator: t.bigint().notNull(),
  ...at(t),
}));

/** The treasury: one row, id "treasury". Token balances are in `token.treasuryBalance`. */
export const treasury = onchainTable("treasury", (t) => ({
  id: t.text().primaryKey(),
  address: t.hex().notNull(),
  ethBalance: t.bigint().notNull(),
  grants: t.integer().notNull(),
}));

/** Money in and out of the treasury: collected from the router, ether received, payments. */
export const treasuryFlow = onchainTable("treasury_flow", (t) => ({
  id: t.text().primaryKey(),
  kind: t.text().$type<"collected" | "eth_received" | "token_paid" | "eth_paid">().notNull(),
  /** Empty for ether. */
  token: t.hex(),
  counterparty: t.hex().notNull(),
  amount: t.bigint().notNull(),
  ...at(t),
}));

export const vestingGrant = onchainTable("vesting_grant", (t) => ({
  grantId: t.bigint().primaryKey(),
  wallet: t.hex().notNull(),
  beneficiary: t.hex().notNull(),
  token: t.hex().notNull(),
  amount: t.bigint().notNull(),
  start: t.bigint().notNull(),
  duration: t.bigint().notNull(),
  ...at(t),
}));

/**
 * Every event of the suite's contracts (except $GALEON transfers and approvals), decoded with the
 * deployed ABI: configuration changes, pauses, roles, ownership, new events of later versions.
 */
export const suiteEvent = onchainTable(
  "suite_event",
  (t) => ({
    id: t.text().primaryKey(),
    contract: t.text().notNull(),
    name: t.text().notNull(),
    /** Decoded arguments by name; integers as decimal strings. */
    args: t.json().$type<Record<string, unknown>>().notNull(),
    ...at(t),
  }),
  (table) => ({ byContract: index().on(table.contract, table.name) }),
);

export const hospitalRelations = relations(hospital, ({ many }) => ({
  balances: many(hospitalBalance),
  statement: many(statementEntry),
}));

export const hospitalBalanceRelations = relations(hospitalBalance, ({ one }) => ({
  hospital: one(hospital, { fields: [hospitalBalance.hospitalId], references: [hospital.id] }),
  tokenInfo: one(token, { fields: [hospitalBalance.token], references: [token.address] }),
}));

export const statementEntryRelations = relations(statementEntry, ({ one }) => ({
  hospital: one(hospital, { fields: [statementEntry.hospitalId], references: [hospital.id] }),
}));

export const purchaseRelations = relations(purchase, ({ one }) => ({
  tokenInfo: one(token, { fields: [purchase.token], references: [token.address] }),
}));

export const proposalRelations = relations(proposal, ({ many }) => ({
  votes: many(vote),
}));

export const voteRelations = relations(vote, ({ one }) => ({
  proposal: one(proposal, { fields: [vote.proposalId], references: [proposal.id] }),
}));

/* Data permits and renewals (issue 14): tables of their own, written by `src/permits.ts`. */

/** The data permit an access was bought under (`AccessPermit`, right after its `Purchased`). */
export const accessPermit = onchainTable(
  "access_permit",
  (t) => ({
    accessId: t.hex().primaryKey(),
    permitId: t.hex().notNull(),
    permitExpiry: t.bigint().notNull(),
    ...at(t),
  }),
  (table) => ({ byPermit: index().on(table.permitId) }),
);

/** An access extended by a renewal's purchase (`AccessRenewed`): `renews` now ends at `newExpiry`. */
export const accessRenewal = onchainTable(
  "access_renewal",
  (t) => ({
    id: t.text().primaryKey(),
    renews: t.hex().notNull(),
    accessId: t.hex().notNull(),
    newExpiry: t.bigint().notNull(),
    ...at(t),
  }),
  (table) => ({ byRenewed: index().on(table.renews) }),
);

/* Metered data jobs (issue 14): one row per lock of the job escrow, written by `src/escrow.ts`. */
export const job = onchainTable(
  "job",
  (t) => ({
    lockId: t.hex().primaryKey(),
    status: t.text().$type<"open" | "settled" | "refunded">().notNull(),
    payer: t.hex().notNull(),
    buyer: t.hex().notNull(),
    token: t.hex().notNull(),
    /** Base units locked. */
    locked: t.bigint().notNull(),
    autoSettleLimit: t.bigint().notNull(),
    settleBy: t.bigint().notNull(),
    jobHash: t.hex().notNull(),
    /** Settled: what went into the router's split. */
    paid: t.bigint().notNull(),
    /** Settled or refunded: what went back to the payer. */
    returned: t.bigint().notNull(),
    fundedBlock: t.bigint().notNull(),
    fundedAt: t.bigint().notNull(),
    fundedTransaction: t.hex().notNull(),
    closedBlock: t.bigint(),
    closedAt: t.bigint(),
    closedTransaction: t.hex(),
    closedBy: t.hex(),
  }),
  (table) => ({
    byPayer: index().on(table.payer),
    byBuyer: index().on(table.buyer),
    byFunded: index().on(table.fundedAt),
  }),
);
