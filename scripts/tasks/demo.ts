/** `demo`: the main job, on the in-process chain: the whole suite's story in one run. */
import { task } from "hardhat/config";

export const demoTasks = [
  task("demo", "Run the Galeon story on the in-process chain: deploy, pay, split, buy back and burn, claim, vote")
    .addFlag({ name: "json", description: "Print one JSON object (amounts in base units) instead of the story" })
    .setAction(() => import("./actions/demo/run.js"))
    .build(),
];
