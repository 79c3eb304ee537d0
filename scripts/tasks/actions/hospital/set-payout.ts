/**
 * `hospital set-payout --hospital ID ADDRESS`: the hospital's current payout account (`--from`)
 * rotates its payout address. Refused before sending when the signer is not the current payout.
 */
import { parseAddress } from "../../../../domain/chain/addresses.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { hospitalIdOption } from "../../../lib/hospitalArgs.js";
import { checkPayoutRotation } from "../../../../domain/chain/hospitals.js";
import { registeredHospital, required, router as routerOf } from "../../../lib/money.js";
import { renderTable } from "../../../lib/output.js";

interface SetPayoutArgs extends CommonTaskArgs {
  hospital?: string;
  address?: string;
}

export default galeonAction(async (args: SetPayoutArgs, ctx) => {
  const hospitalId = hospitalIdOption(args.hospital);
  const newPayout = parseAddress(required(args.address, "ADDRESS", "the new payout address"), {
    label: "new payout address",
  });
  const router = await routerOf(ctx);
  const { payout } = await registeredHospital(router, hospitalId);
  const signer = await ctx.signer();
  checkPayoutRotation(hospitalId, signer.address, payout, newPayout);
  await router.setPayout.staticCall(hospitalId, newPayout);
  const receipt = await ctx.confirm(
    `rotating hospital ${hospitalId}'s payout`,
    router.setPayout(hospitalId, newPayout),
  );
  const after = await router.payoutOf(hospitalId);
  return {
    data: { hospitalId, previousPayout: payout, newPayout: after, transaction: receipt.hash },
    text:
      `Hospital ${hospitalId} is now paid to ${after} (transaction ${receipt.hash})\n\n` +
      renderTable([
        ["previous payout", payout],
        ["new payout", after],
      ]),
  };
});
