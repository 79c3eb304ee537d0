/** `buyer ...`: data buyers pay for access and check their access records. */
import { emptyTask, task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";

import { required } from "../lib/help.js";
import { common } from "./common.js";

export const buyerTasks = [
  emptyTask("buyer", "Data buyers: pay a quote, check an access, get test euros locally").build(),
  common(
    task(
      ["buyer", "pay"],
      "Pay a quote signed by the attestor: simulated first with the approval in place, then approved and paid",
    ),
  )
    .addOption({
      name: "quote",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      description: required("The quote file written by `attestor sign-quote`"),
      defaultValue: undefined,
    })
    .addFlag({ name: "permit", description: "Sign an EIP-2612 permit instead of sending an approval" })
    .addOption({
      name: "max",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      description: "The most you accept to pay, in the token's units (default: the quote's amount)",
      defaultValue: undefined,
    })
    .addOption({
      name: "margin",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      description: "Refuse a quote that expires within this much chain time of the next block (default: 2m; 0: none)",
      defaultValue: undefined,
    })
    .addFlag({ name: "dryRun", description: "Print what would be paid and to whom, simulated; send nothing" })
    .setAction(() => import("./actions/buyer/pay.js"))
    .build(),
  common(task(["buyer", "unapprove"], "Reset your allowance to the router to zero (the undo of an approval)"))
    .addOption({
      name: "token",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      description: "Tokens, comma-separated symbols or addresses (default: every payment token of the router)",
      defaultValue: undefined,
    })
    .setAction(() => import("./actions/buyer/unapprove.js"))
    .build(),
  common(task(["buyer", "faucet"], "Local networks: mint test euros (tEURC) to yourself or --to"))
    .addOption({
      name: "amount",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      description: required("How many, in tEURC (e.g. 10000000)"),
      defaultValue: undefined,
    })
    .addOption({
      name: "to",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      description: "Who receives them (default: yourself)",
      defaultValue: undefined,
    })
    .setAction(() => import("./actions/buyer/faucet.js"))
    .build(),
  common(task(["buyer", "access"], "Show an access record: buyer, expiry, status, valid or not"))
    .addPositionalArgument({ name: "accessId", description: required("The access id (0x + 64 hex digits)") })
    .setAction(() => import("./actions/buyer/access.js"))
    .build(),
  common(
    task(
      ["buyer", "fund"],
      "Lock at most --max for one metered job in the escrow, until --settle-by: simulated first, then approved and locked",
    ),
  )
    .addOption(opt("job", "A file describing the job, data permit and purpose (only its keccak256 is used)"))
    .addOption(opt("jobHash", "The job's hash (0x + 64 hex digits), instead of --job"))
    .addOption(opt("token", required("The payment token: a symbol of the deployment (tEURC, GALEON) or an address")))
    .addOption(opt("max", required("The most the job may cost, in the token's units")))
    .addOption(opt("settleBy", required("The settlement deadline: a date (2027-01-31) or a duration from now (14d)")))
    .addOption(opt("buyer", "The job's buyer, who gets the access (default: yourself)"))
    .addOption(
      opt(
        "autoSettleLimit",
        "Settlements above this need the buyer's co-signature too (default: --max, the whole lock)",
      ),
    )
    .addOption(opt("salt", "0x + 64 hex digits, to fund the same job again (default random)"))
    .addFlag({ name: "permit", description: "Sign an EIP-2612 permit instead of sending an approval" })
    .addFlag({ name: "dryRun", description: "Print what would be locked, simulated; send nothing" })
    .setAction(() => import("./actions/buyer/fund.js"))
    .build(),
  common(task(["buyer", "settle"], "Submit the attestor's settlement of a metered job (anyone may): simulated first"))
    .addOption(opt("settlement", required("The settlement file written by `attestor settle`")))
    .addFlag({ name: "dryRun", description: "Simulate the settlement; send nothing" })
    .setAction(() => import("./actions/buyer/settle.js"))
    .build(),
  common(task(["buyer", "refund"], "Return a metered job's whole lock to its payer after its deadline (anyone may)"))
    .addPositionalArgument({ name: "lockId", description: required("The lock id (0x + 64 hex digits)") })
    .addFlag({ name: "dryRun", description: "Simulate the refund; send nothing" })
    .setAction(() => import("./actions/buyer/refund.js"))
    .build(),
  common(
    task(["buyer", "jobs"], "Metered jobs: open, settled, refunded, with amounts and deadlines (CSV: the statement)"),
  )
    .addOption(opt("payer", "The jobs this address funded (default: yours, as payer or buyer)"))
    .addOption(opt("buyer", "The jobs of this buyer"))
    .addOption(opt("format", "table (default), json or csv (the buyer's statement, for an accountant)"))
    .addOption(opt("out", "Write to this file instead of the terminal"))
    .setAction(() => import("./actions/buyer/jobs.js"))
    .build(),
];

function opt<N extends string>(name: N, description: string) {
  return { name, type: ArgumentType.STRING_WITHOUT_DEFAULT, description, defaultValue: undefined } as const;
}
