/** `galeon ...`: the suite as a whole (operators, auditors). */
import { emptyTask, task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";

import { common } from "./common.js";

export const galeonTasks = [
  emptyTask("galeon", "The Galeon suite as a whole").build(),
  common(
    task(
      ["galeon", "status"],
      "Show the suite's figures: $GALEON supply and burned, revenue and split per token, treasury balances",
    ),
  )
    .setAction(() => import("./actions/galeon/status.js"))
    .build(),
];
