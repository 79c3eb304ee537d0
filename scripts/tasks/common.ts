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

/** Adds `--indexer` to a task that can read from the Galeon indexer (`hospital statement`, `galeon status`). */
export function withIndexer<A extends TaskArguments>(builder: NewTaskDefinitionBuilder<A>) {
  return builder.addOption({
    name: "indexer",
    type: ArgumentType.STRING_WITHOUT_DEFAULT,
    description:
      "Read from the Galeon indexer at this URL, checked against the chain (default: $GALEON_INDEXER_URL; none: the node's logs)",
    defaultValue: undefined,
  });
}
