/** `buyer ...`: data buyers pay for access and check their access records. */
import { emptyTask, task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";

import { common } from "./common.js";

export const buyerTasks = [
  emptyTask("buyer", "Data buyers: pay a quote, check an access, get test euros locally").build(),
  common(task(["buyer", "pay"], "Pay a quote signed by the attestor (approves, or signs a permit with --permit)"))
    .addOption({
      name: "quote",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      description: "The quote file written by `attestor sign-quote`",
      defaultValue: undefined,
    })
    .addFlag({ name: "permit", description: "Sign an EIP-2612 permit instead of sending an approval" })
    .addOption({
      name: "max",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      description: "The most you accept to pay, in the token's units (default: the quote's amount)",
      defaultValue: undefined,
    })
    .setAction(() => import("./actions/buyer/pay.js"))
    .build(),
  common(task(["buyer", "faucet"], "Local networks: mint test euros (tEURC) to yourself or --to"))
    .addOption({
      name: "amount",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      description: "How many, in tEURC (e.g. 10000000)",
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
    .addPositionalArgument({ name: "accessId", description: "The access id (0x + 64 hex digits)" })
    .setAction(() => import("./actions/buyer/access.js"))
    .build(),
];
