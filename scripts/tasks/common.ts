/** Options shared by every Galeon task. */
import { ArgumentType } from "hardhat/types/arguments";
import type { NewTaskDefinitionBuilder, TaskArguments } from "hardhat/types/tasks";

/** Adds `--json`, `--deployment-id` and `--from` to a task. */
export function common<A extends TaskArguments>(builder: NewTaskDefinitionBuilder<A>) {
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
