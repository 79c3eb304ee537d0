/** `dao ...`: $GALEON holders delegate, propose, vote, queue and execute. */
import { emptyTask, task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";

import { common } from "./common.js";

export const daoTasks = [
  emptyTask("dao", "$GALEON holders: delegate, propose, vote, queue, execute").build(),
  common(task(["dao", "delegate"], "Delegate your $GALEON votes (to yourself by default)"))
    .addOption({
      name: "to",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      description: "The address that receives your votes (default: yourself)",
      defaultValue: undefined,
    })
    .setAction(() => import("./actions/dao/delegate.js"))
    .build(),
];
