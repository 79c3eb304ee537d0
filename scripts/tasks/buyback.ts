/** `buyback ...`: keepers run the buy-back-and-burn and anyone reads its state. */
import { emptyTask, task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";

import { common } from "./common.js";

const tokenOption = {
  name: "token",
  type: ArgumentType.STRING_WITHOUT_DEFAULT,
  description: "The payment token: a symbol of the deployment or an address (default: the stablecoin)",
  defaultValue: undefined,
} as const;

export const buybackTasks = [
  emptyTask("buyback", "Keepers: run the buy-back-and-burn; anyone: read its state").build(),
  common(
    task(
      ["buyback", "run"],
      "Buy $GALEON with the accrued buy-back leg within the window's budget and burn it (records a price first if needed)",
    ),
  )
    .addOption(tokenOption)
    .setAction(() => import("./actions/buyback/run.js"))
    .build(),
  common(
    task(
      ["buyback", "status"],
      "Show the buy-back: accrued, budget window (spent, left), spot and TWAP, the band's room, paused",
    ),
  )
    .addOption(tokenOption)
    .setAction(() => import("./actions/buyback/status.js"))
    .build(),
];
