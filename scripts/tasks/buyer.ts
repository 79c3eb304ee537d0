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
];
