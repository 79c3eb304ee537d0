/**
 * Every Galeon task definition, registered in `hardhat.config.ts` (`tasks: galeonTasks`).
 * One namespace per persona; each action lives in its own small typed file under
 * `actions/<persona>/` and is imported only when its task runs (the Hardhat Ignition plugin's
 * pattern), so loading the config stays cheap.
 *
 * Every task takes the common options `--json`, `--deployment-id` and `--from`
 * (see `scripts/lib/context.ts`) and exits non-zero with one line on failure.
 */
import { attestorTasks } from "./attestor.js";
import { buybackTasks } from "./buyback.js";
import { buyerTasks } from "./buyer.js";
import { daoTasks } from "./dao.js";
import { demoTasks } from "./demo.js";
import { galeonTasks as suiteTasks } from "./galeon.js";
import { hospitalTasks } from "./hospital.js";
import { treasuryTasks } from "./treasury.js";

/** One file per persona (`./<persona>.ts`); this list is what `hardhat.config.ts` registers. */
export const galeonTasks = [
  ...suiteTasks,
  ...attestorTasks,
  ...buyerTasks,
  ...hospitalTasks,
  ...treasuryTasks,
  ...daoTasks,
  ...buybackTasks,
  ...demoTasks,
];
