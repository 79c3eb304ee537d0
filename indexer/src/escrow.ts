/**
 * Metered data jobs (issue 14): the job escrow's `LockFunded`, `LockSettled` and `LockRefunded`, one
 * `job` row per lock (open, then settled or refunded), each event also in the generic event log
 * (`suite_event`). Kept apart from `index.ts`, which skips these three events.
 */
import { ponder } from "ponder:registry";
import schema from "ponder:schema";

const at = (event: {
  block: { number: bigint; timestamp: bigint };
  log: { logIndex: number };
  transaction: { hash: `0x${string}` };
}) => ({
  blockNumber: event.block.number,
  logIndex: event.log.logIndex,
  timestamp: event.block.timestamp,
  transactionHash: event.transaction.hash,
});

const lower = (a: string) => a.toLowerCase() as `0x${string}`;

ponder.on("JobEscrow:LockFunded", async ({ event, context }) => {
  const { lockId, payer, buyer, token, maxAmount, autoSettleLimit, settleBy, jobHash } = event.args;
  await context.db.insert(schema.job).values({
    lockId,
    status: "open",
    payer: lower(payer),
    buyer: lower(buyer),
    token: lower(token),
    locked: maxAmount,
    autoSettleLimit,
    settleBy: BigInt(settleBy),
    jobHash,
    paid: 0n,
    returned: 0n,
    fundedBlock: event.block.number,
    fundedAt: event.block.timestamp,
    fundedTransaction: event.transaction.hash,
  });
  await context.db.insert(schema.suiteEvent).values({
    id: event.id,
    contract: "JobEscrow",
    name: "LockFunded",
    args: { lockId, payer: lower(payer), buyer: lower(buyer), token: lower(token), maxAmount: maxAmount.toString() },
    ...at(event),
  });
});

ponder.on("JobEscrow:LockSettled", async ({ event, context }) => {
  const { lockId, amount, refund, by } = event.args;
  await context.db.update(schema.job, { lockId }).set({
    status: "settled",
    paid: amount,
    returned: refund,
    closedBlock: event.block.number,
    closedAt: event.block.timestamp,
    closedTransaction: event.transaction.hash,
    closedBy: lower(by),
  });
  await context.db.insert(schema.suiteEvent).values({
    id: event.id,
    contract: "JobEscrow",
    name: "LockSettled",
    args: { lockId, amount: amount.toString(), refund: refund.toString(), by: lower(by) },
    ...at(event),
  });
});

ponder.on("JobEscrow:LockRefunded", async ({ event, context }) => {
  const { lockId, amount, by } = event.args;
  await context.db.update(schema.job, { lockId }).set({
    status: "refunded",
    returned: amount,
    closedBlock: event.block.number,
    closedAt: event.block.timestamp,
    closedTransaction: event.transaction.hash,
    closedBy: lower(by),
  });
  await context.db.insert(schema.suiteEvent).values({
    id: event.id,
    contract: "JobEscrow",
    name: "LockRefunded",
    args: { lockId, amount: amount.toString(), by: lower(by) },
    ...at(event),
  });
});
