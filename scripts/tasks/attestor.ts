/** `attestor ...`: Galeon's swarm-learning coordinator signs quotes and prepares its rotation. */
import { emptyTask, task } from "hardhat/config";
import { ArgumentType } from "hardhat/types/arguments";

import { required } from "../lib/help.js";
import { common } from "./common.js";

function option<N extends string>(name: N, description: string) {
  return { name, type: ArgumentType.STRING_WITHOUT_DEFAULT, description, defaultValue: undefined } as const;
}

export const attestorTasks = [
  emptyTask("attestor", "Galeon's attestor: sign quotes, prepare the attestor's rotation").build(),
  common(task(["attestor", "sign-quote"], "Sign a quote for a buyer and write it to a file (sends nothing)"))
    .addOption(option("buyer", required("The buyer's address (gets the access record)")))
    .addOption(option("payer", "An address that may pay on the buyer's behalf (default: only the buyer)"))
    .addOption(option("token", required("The payment token: a symbol of the deployment (tEURC, GALEON) or an address")))
    .addOption(option("amount", required("The price, in the token's units (e.g. 10000000 or 2.5)")))
    .addOption(
      option("usage", required("CSV (hospitalId,units) or JSON ([{hospitalId, units}]) file of the data used")),
    )
    .addOption(
      option(
        "job",
        "A file describing the job, data permit and purpose (only its keccak256 is signed; this or --job-hash is required)",
      ),
    )
    .addOption(option("jobHash", "The job's hash (0x + 64 hex digits), instead of --job (this or --job is required)"))
    .addOption({
      name: "validFor",
      type: ArgumentType.STRING,
      description: "How long the quote may be paid: 90s, 30m, 1h, 2d",
      defaultValue: "1h",
    })
    .addOption({
      name: "accessDays",
      type: ArgumentType.STRING,
      description: "How many days the access lasts once paid",
      defaultValue: "30",
    })
    .addOption(
      option(
        "permitId",
        required(
          "The data permit's id: 0x + 64 hex digits, or the access body's permit number (only its keccak256 is signed)",
        ),
      ),
    )
    .addOption(
      option(
        "permitExpiry",
        "When the data permit ends: a date (2027-06-30, 2027-06-30T12:00:00Z) or a duration from now (180d); default: the access's end",
      ),
    )
    .addOption(
      option("renews", "The access id this quote extends: the access lasts --access-days more from its current end"),
    )
    .addOption(option("accessId", "The access id (0x + 64 hex digits; default random)"))
    .addOption(option("out", "Where to write the quote (default quote-<access id prefix>.json)"))
    .setAction(() => import("./actions/attestor/sign-quote.js"))
    .build(),
  common(
    task(
      ["attestor", "settle"],
      "Sign a metered job's settlement: the measured usage and the amount due (never above the lock)",
    ),
  )
    .addOption(option("lock", required("The job's lock id (buyer fund prints it)")))
    .addOption(option("usage", required("CSV (hospitalId,units) or JSON file of the measured usage")))
    .addOption(option("amount", required("The amount due, in the token's units (at most the lock)")))
    .addOption(option("permitId", required("The data permit's id, or the access body's permit number (hashed)")))
    .addOption(
      option("permitExpiry", "When the data permit ends: a date or a duration from now (default: the access's end)"),
    )
    .addOption({
      name: "accessDays",
      type: ArgumentType.STRING,
      description: "How many days the buyer's access lasts once settled",
      defaultValue: "30",
    })
    .addOption({
      name: "validFor",
      type: ArgumentType.STRING,
      description: "How long the settlement may be submitted (never after the lock's deadline)",
      defaultValue: "1h",
    })
    .addOption(option("out", "Where to write the settlement (default settlement-<lock id prefix>.json)"))
    .addFlag({ name: "submit", description: "Also submit it now (simulated first)" })
    .addFlag({ name: "dryRun", description: "With --submit: simulate the submission; send nothing" })
    .setAction(() => import("./actions/attestor/settle.js"))
    .build(),
  common(task(["attestor", "rotate"], "Prepare the DAO proposal that makes another address the attestor"))
    .addOption(option("to", required("The new attestor's address")))
    .addOption(option("out", "Where to write the proposal's actions (default attestor-rotation.json)"))
    .setAction(() => import("./actions/attestor/rotate.js"))
    .build(),
];
