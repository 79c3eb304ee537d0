/** `dao ...`: $GALEON holders delegate, propose, vote, queue and execute. */
import { emptyTask, task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";

import { required } from "../lib/help.js";
import { common } from "./common.js";

/** An optional string option (`undefined` when not given). */
const option = <N extends string>(name: N, description: string) =>
  ({ name, type: ArgumentType.STRING_WITHOUT_DEFAULT, description, defaultValue: undefined }) as const;

/** The proposal id, positional; empty when not given (the action says what is missing). */
const proposalId = (description: string) => ({ name: "proposalId", description, defaultValue: "" }) as const;

export const daoTasks = [
  emptyTask("dao", "$GALEON holders: delegate, propose, vote, queue, execute").build(),
  common(task(["dao", "delegate"], "Delegate your $GALEON votes (to yourself by default)"))
    .addOption(option("to", "The address that receives your votes (default: yourself)"))
    .setAction(() => import("./actions/dao/delegate.js"))
    .build(),
  common(
    task(
      ["dao", "propose"],
      "Simulate, then submit, a proposal from an actions file or from flags for the common actions",
    ),
  )
    .addOption(option("actions", "A JSON file: { description, actions: [{ target|contract, function, args, value }] }"))
    .addOption(option("description", "What the proposal does (required with flags; overrides the file's)"))
    .addOption(option("grant", "Treasury grant: the amount, in the token's units (with --token and --to)"))
    .addOption(option("token", "The token of --grant or --buyback-lot: a symbol of the deployment or an address"))
    .addOption(option("to", "The recipient of --grant"))
    .addOption(
      option(
        "split",
        "New split hospitals,treasury,buyback,galeon: percentages summing to 100 (40,30,20,10) or basis points summing to 10,000 (4000,3000,2000,1000)",
      ),
    )
    .addOption(option("registerHospital", "Register a hospital: its id (with --payout and --metadata-hash)"))
    .addOption(option("payout", "The payout address of --register-hospital"))
    .addOption(option("metadataHash", "The metadata hash (0x + 64 hex digits) of --register-hospital"))
    .addOption(option("allowToken", "Allow a payment token in the router (its address)"))
    .addOption(option("attestor", "A new quote attestor for the router (its address)"))
    .addOption(option("buybackLot", "A new buy-back lot per hop, in the token's units (with --token)"))
    .addFlag({
      name: "collect",
      description: "With --grant: first collect the token's treasury leg from the router, in the same proposal",
    })
    .addFlag({
      name: "force",
      description: "Propose even when simulating the actions as the timelock shows they would fail now",
    })
    .setAction(() => import("./actions/dao/propose.js"))
    .build(),
  common(task(["dao", "vote"], "Vote on an active proposal and print the tallies"))
    .addPositionalArgument(proposalId(required("The proposal id (from dao propose or dao status)")))
    .addOption(option("support", required("for, against or abstain")))
    .addOption(option("reason", "Why (recorded on chain with the vote)"))
    .setAction(() => import("./actions/dao/vote.js"))
    .build(),
  common(task(["dao", "queue"], "Queue a passed proposal in the timelock and print its ETA"))
    .addPositionalArgument(proposalId(required("The proposal id")))
    .setAction(() => import("./actions/dao/queue.js"))
    .build(),
  common(task(["dao", "execute"], "Execute a queued proposal after its ETA and print what it did"))
    .addPositionalArgument(proposalId(required("The proposal id")))
    .setAction(() => import("./actions/dao/execute.js"))
    .build(),
  common(task(["dao", "status"], "Show a proposal (state, votes, quorum, time left, actions), or list them all"))
    .addPositionalArgument(proposalId("The proposal id (default: list every proposal)"))
    .setAction(() => import("./actions/dao/status.js"))
    .build(),
];
