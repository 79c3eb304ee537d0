/**
 * Data permits and renewals (issue 14): `AccessPermit` (the permit an access was bought under) and
 * `AccessRenewed` (an access extended by a renewal's purchase). Each gets a table of its own and a
 * line of the generic event log (`suite_event`), like the other events; a renewal also moves the
 * renewed purchase's `accessExpiry`. Kept apart from `index.ts`, which skips these two events.
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

ponder.on("DataAccessRouter:AccessPermit", async ({ event, context }) => {
  const { accessId, permitId, permitExpiry } = event.args;
  await context.db.insert(schema.accessPermit).values({ accessId, permitId, permitExpiry, ...at(event) });
  await context.db.insert(schema.suiteEvent).values({
    id: event.id,
    contract: "DataAccessRouter",
    name: "AccessPermit",
    args: { accessId, permitId, permitExpiry: permitExpiry.toString() },
    ...at(event),
  });
});

ponder.on("DataAccessRouter:AccessRenewed", async ({ event, context }) => {
  const { renews, accessId, newExpiry } = event.args;
  await context.db.insert(schema.accessRenewal).values({ id: event.id, renews, accessId, newExpiry, ...at(event) });
  if ((await context.db.find(schema.purchase, { accessId: renews })) !== null) {
    await context.db.update(schema.purchase, { accessId: renews }).set({ accessExpiry: newExpiry });
  }
  await context.db.insert(schema.suiteEvent).values({
    id: event.id,
    contract: "DataAccessRouter",
    name: "AccessRenewed",
    args: { renews, accessId, newExpiry: newExpiry.toString() },
    ...at(event),
  });
});
