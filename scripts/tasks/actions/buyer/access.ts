/**
 * `buyer access ACCESS_ID`: the access record (buyer, expiry, status, data permit) and whether it is
 * valid now, with its renewals (the router's `AccessRenewed` events: which access ids extended it,
 * and to when) and the access it renewed, if it is itself a renewal.
 */
import { ZeroAddress } from "ethers";

import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { FUTURES } from "../../../../domain/chain/futures.js";
import { dataUint, scanLogs } from "../../../../domain/chain/logs.js";
import { ACCESS_STATUS, chainTime, required, router as routerOf } from "../../../lib/money.js";
import { renderTable } from "../../../lib/output.js";
import { isoSeconds } from "../../../../domain/quotes/quoteFile.js";
import { TOPICS } from "../../../../domain/chain/routerEvents.js";
import { parseBytes32 } from "../../../../domain/quotes/usage.js";

interface AccessArgs extends CommonTaskArgs {
  accessId?: string;
}

export default galeonAction(async (args: AccessArgs, ctx) => {
  const accessId = parseBytes32(required(args.accessId, "ACCESS_ID", "the access id to look up"), "access id");
  const router = await routerOf(ctx);
  const [record, valid, now] = await Promise.all([
    router.accessRecord(accessId),
    router.isAccessValid(accessId),
    chainTime(ctx),
  ]);
  const { buyer, expiry, status, permitId, permitExpiry } = record;
  const statusName = ACCESS_STATUS[Number(status)] ?? String(status);
  const known = buyer !== ZeroAddress;

  // Renewals, from the router's events: this access extended by others (topic 1), or extending one (topic 2).
  const renewals: Array<{ accessId: string; newExpiry: bigint; block: number }> = [];
  let renewedFrom: string | null = null;
  if (known) {
    const deployment = await ctx.deployment();
    const { connection } = await ctx.network();
    const toBlock = await (await ctx.ethers()).provider.getBlockNumber();
    const range = { fromBlock: deployment.deploymentBlock(FUTURES.router) ?? 0, toBlock };
    const address = deployment.address(FUTURES.router);
    await scanLogs(connection.provider, { address, topics: [TOPICS.AccessRenewed, accessId] }, range, (logs) => {
      for (const log of logs) {
        renewals.push({
          accessId: log.topics[2].toLowerCase(),
          newExpiry: dataUint(log.data, 0),
          block: Number(log.blockNumber),
        });
      }
    });
    await scanLogs(connection.provider, { address, topics: [TOPICS.AccessRenewed, null, accessId] }, range, (logs) => {
      for (const log of logs) renewedFrom = log.topics[1].toLowerCase();
    });
  }
  const rows: string[][] = known
    ? [
        ["access id", accessId],
        ["buyer", buyer],
        ["expires", `${isoSeconds(expiry)}${expiry <= now ? " (passed)" : ""}`],
        ["status", statusName],
        ["valid now", valid ? "yes" : "no"],
        ["data permit", permitId],
        ["permit until", `${isoSeconds(permitExpiry)}${permitExpiry <= now ? " (passed)" : ""}`],
        ...renewals.map((r) => ["renewed by", `${r.accessId} (to ${isoSeconds(r.newExpiry)}, block ${r.block})`]),
        ...(renewedFrom === null ? [] : [["renews", renewedFrom]]),
      ]
    : [
        ["access id", accessId],
        ["status", "no such access (never paid)"],
        ["valid now", "no"],
      ];
  return {
    data: {
      accessId,
      buyer,
      expiry,
      status: statusName,
      valid,
      chainTime: now,
      permitId,
      permitExpiry,
      renewals,
      renews: renewedFrom,
    },
    text: renderTable(rows),
  };
});
