/** `treasury ...`: the DAO treasury's share of every payment, collected from the router, and its balances. */
import { emptyTask, task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";

import { common } from "./common.js";

export const treasuryTasks = [
  emptyTask("treasury", "The DAO treasury: collect its share from the router, show its balances").build(),
  common(task(["treasury", "collect"], "Move the treasury's share held in the router into the treasury (anyone may)"))
    .addOption({
      name: "token",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      description: "Tokens, comma-separated symbols or addresses (default: every token of the router)",
      defaultValue: undefined,
    })
    .setAction(() => import("./actions/treasury/collect.js"))
    .build(),
  common(task(["treasury", "balance"], "What the treasury holds, and what it can still collect from the router"))
    .setAction(() => import("./actions/treasury/balance.js"))
    .build(),
];
