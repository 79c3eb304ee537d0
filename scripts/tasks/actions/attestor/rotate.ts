/**
 * `attestor rotate --to ADDRESS`: prepares (does not send) the DAO proposal that makes `--to` the
 * router's attestor, as an actions file for `dao propose --actions FILE`.
 */
import { parseAddress } from "../../../../domain/chain/addresses.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { badInput } from "../../../../domain/errors/refusal.js";
import { writeOutputFile } from "../../../lib/files.js";
import { required, router as routerOf } from "../../../lib/money.js";
import { toJson } from "../../../lib/output.js";

interface RotateArgs extends CommonTaskArgs {
  to?: string;
  out?: string;
}

export default galeonAction(async (args: RotateArgs, ctx) => {
  const to = parseAddress(required(args.to, "--to", "the new attestor's address"), { label: "--to" });
  const out = args.out ?? "attestor-rotation.json";
  const router = await routerOf(ctx);
  const routerAddress = await router.getAddress();
  const current = await router.attestor();
  if (current === to) throw badInput(`${to} is already the router's attestor: nothing to propose`);
  const description = `Rotate the Galeon attestor from ${current} to ${to}`;
  const proposal = {
    description,
    actions: [
      { target: routerAddress, contract: "DataAccessRouter", function: "setAttestor(address)", args: [to], value: "0" },
    ],
  };
  await writeOutputFile(out, toJson(proposal) + "\n");
  return {
    data: { file: out, router: routerAddress, currentAttestor: current, newAttestor: to, proposal },
    text:
      `Proposal prepared in ${out}: DataAccessRouter ${routerAddress}.setAttestor(${to})` +
      ` (current attestor ${current}). Nothing was sent.\n\n` +
      `Next: a holder with enough votes proposes it, then the DAO votes, queues and executes it:\n` +
      `  ${ctx.command(["dao", "propose", "--actions", out])}`,
  };
});
