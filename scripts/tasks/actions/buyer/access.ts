/** `buyer access ACCESS_ID`: the access record (buyer, expiry, status) and whether it is valid now. */
import { ZeroAddress } from "ethers";

import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { ACCESS_STATUS, chainTime, required, router as routerOf } from "../../../lib/money.js";
import { renderTable } from "../../../lib/output.js";
import { isoSeconds } from "../../../lib/quoteFile.js";
import { parseBytes32 } from "../../../lib/usage.js";

interface AccessArgs extends CommonTaskArgs {
  accessId?: string;
}

export default galeonAction(async (args: AccessArgs, ctx) => {
  const accessId = parseBytes32(required(args.accessId, "ACCESS_ID", "the access id to look up"), "access id");
  const router = await routerOf(ctx);
  const [[buyer, expiry, status], valid, now] = await Promise.all([
    router.accessRecord(accessId),
    router.isAccessValid(accessId),
    chainTime(ctx),
  ]);
  const statusName = ACCESS_STATUS[Number(status)] ?? String(status);
  const known = buyer !== ZeroAddress;
  const rows: string[][] = known
    ? [
        ["access id", accessId],
        ["buyer", buyer],
        ["expires", `${isoSeconds(expiry)}${expiry <= now ? " (passed)" : ""}`],
        ["status", statusName],
        ["valid now", valid ? "yes" : "no"],
      ]
    : [
        ["access id", accessId],
        ["status", "no such access (never paid)"],
        ["valid now", "no"],
      ];
  return {
    data: { accessId, buyer, expiry, status: statusName, valid, chainTime: now },
    text: renderTable(rows),
  };
});
