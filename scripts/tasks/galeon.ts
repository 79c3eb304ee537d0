/** `galeon ...`: the suite as a whole (operators, auditors). */
import { emptyTask, task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";

import { required } from "../lib/help.js";
import { common, withIndexer } from "./common.js";

export const galeonTasks = [
  emptyTask("galeon", "The Galeon suite as a whole").build(),
  withIndexer(
    common(
      task(
        ["galeon", "status"],
        "Show the suite's figures: $GALEON supply and burned, revenue and split per token, what the router still holds, treasury balances",
      ),
    ),
  )
    .setAction(() => import("./actions/galeon/status.js"))
    .build(),
  common(task(["galeon", "withdraw"], "Pay Galeon's share held in the router to its registered address (anyone may)"))
    .addOption({
      name: "token",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      description: "Tokens, comma-separated symbols or addresses (default: every token of the router)",
      defaultValue: undefined,
    })
    .setAction(() => import("./actions/galeon/withdraw.js"))
    .build(),
  common(
    task(
      ["galeon", "check"],
      "Prove every power of the deployed suite is held by the DAO timelock, and the wiring and split are right",
    ),
  )
    .addOption({
      name: "split",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      description:
        "The expected split h,t,b,g: percentages summing to 100 or basis points summing to 10,000 (default: 40,30,20,10)",
      defaultValue: undefined,
    })
    .addOption({
      name: "minDelay",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      description: "The expected timelock delay in seconds (default: the one the deployment configured)",
      defaultValue: undefined,
    })
    .setAction(() => import("./actions/galeon/check.js"))
    .build(),
  // The chain's clock (DAO command line): read it anywhere, move it on a local node.
  emptyTask(["galeon", "time"], "The chain's clock: read it, or move a local node's clock forward").build(),
  common(task(["galeon", "time", "now"], "Print the chain's time: the latest block's timestamp"))
    .setAction(() => import("./actions/galeon/time-now.js"))
    .build(),
  common(task(["galeon", "time", "advance"], "Local nodes only: mine a block DURATION later (e.g. 2d, 7d, 1h30m)"))
    .addPositionalArgument({
      name: "duration",
      description: required("How far: 90s, 30m, 1h30m, 2d, 1w"),
      defaultValue: "",
    })
    .setAction(() => import("./actions/galeon/time-advance.js"))
    .build(),
];
