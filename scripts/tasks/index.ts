/**
 * Every Galeon task definition, registered in `hardhat.config.ts` (`tasks: galeonTasks`).
 * One namespace per persona; each action lives in its own small typed file under
 * `actions/<persona>/` and is imported only when its task runs (the Hardhat Ignition plugin's
 * pattern), so loading the config stays cheap.
 *
 * Every task takes the common options `--json`, `--deployment-id` and `--from`
 * (see `scripts/lib/context.ts`) and exits non-zero with one line on failure.
 */
import { emptyTask, task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";
import type { NewTaskDefinitionBuilder, TaskArguments } from "hardhat/types/tasks";

/** Adds `--json`, `--deployment-id` and `--from` to a task. */
function common<A extends TaskArguments>(builder: NewTaskDefinitionBuilder<A>) {
  return builder
    .addFlag({ name: "json", description: "Print one JSON object (amounts in base units) instead of a table" })
    .addOption({
      name: "deploymentId",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      description: "The Ignition deployment to use (default: chain-<chainId>)",
      defaultValue: undefined,
    })
    .addOption({
      name: "from",
      type: ArgumentType.STRING_WITHOUT_DEFAULT,
      description: "Which of the network's accounts signs (default: the first)",
      defaultValue: undefined,
    });
}

export const galeonTasks = [
  emptyTask("galeon", "The Galeon suite as a whole").build(),
  common(task(["galeon", "status"], "Show the suite's figures: $GALEON supply and burned amount"))
    .setAction(() => import("./actions/galeon/status.js"))
    .build(),

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
