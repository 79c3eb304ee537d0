/** `hospital ...`: hospitals check, claim and trace their payouts, and rotate their payout address. */
import { emptyTask, task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";

import { required } from "../lib/help.js";
import { common, withIndexer } from "./common.js";

const hospitalOption = {
  name: "hospital",
  type: ArgumentType.STRING_WITHOUT_DEFAULT,
  description: required("The hospital's pseudonymous id"),
  defaultValue: undefined,
} as const;
const tokenOption = {
  name: "token",
  type: ArgumentType.STRING_WITHOUT_DEFAULT,
  description: "Tokens, comma-separated symbols or addresses (default: every payment token of the router)",
  defaultValue: undefined,
} as const;

export const hospitalTasks = [
  emptyTask("hospital", "Hospitals: balances, claims, payout address, statement").build(),
  common(task(["hospital", "balance"], "What a hospital can claim, per token; its payout address and status"))
    .addOption(hospitalOption)
    .addOption(tokenOption)
    .setAction(() => import("./actions/hospital/balance.js"))
    .build(),
  common(task(["hospital", "claim"], "Pay a hospital's balances to its registered payout address (anyone may)"))
    .addOption(hospitalOption)
    .addOption(tokenOption)
    .setAction(() => import("./actions/hospital/claim.js"))
    .build(),
  common(task(["hospital", "set-payout"], "Rotate a hospital's payout address (sent by the current payout, --from)"))
    .addOption(hospitalOption)
    .addPositionalArgument({ name: "address", description: required("The new payout address") })
    .setAction(() => import("./actions/hospital/set-payout.js"))
    .build(),
  withIndexer(
    common(
      task(
        ["hospital", "statement"],
        "Every credit and claim of a hospital, from events or the indexer, reconciled with the chain",
      ),
    ),
  )
    .addOption(hospitalOption)
    .addOption({
      name: "format",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      description: "csv or json (default: a table)",
      defaultValue: undefined,
    })
    .addOption({
      name: "out",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      description: "Write the statement to this file instead of stdout",
      defaultValue: undefined,
    })
    .setAction(() => import("./actions/hospital/statement.js"))
    .build(),
];
