/**
 * `galeon time advance DURATION`: on a local development node only (the Hardhat network, `npx
 * hardhat node`, anvil), mines one block DURATION after the latest one, so the DAO's vote, queue and
 * execute times can be reached in minutes. Refused on any other node (exit 3): a public chain keeps
 * real time. Prints the chain's time before and after.
 */
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { badInput, environmentError } from "../../../../domain/errors/refusal.js";
import { formatSeconds, formatTime } from "../../../../domain/governance/governance.js";
import { advanceTime, identifyNode } from "../../../../domain/chain/rpc.js";
import { negativeAdvanceSentence } from "../../../lib/timeArgs.js";
import { parseDuration } from "../../../../domain/quotes/usage.js";

interface AdvanceArgs extends CommonTaskArgs {
  duration?: string;
}

export default galeonAction(async (args: AdvanceArgs, ctx) => {
  if (args.duration === undefined || args.duration.trim() === "") {
    throw badInput("give the DURATION to advance, e.g. galeon time advance 2d (90s, 30m, 1h30m, 2d, 1w)");
  }
  // `galeon time advance -- -5m` reaches here (without `--`, hardhat.config.ts says the same).
  if (args.duration.trim().startsWith("-")) throw badInput(negativeAdvanceSentence(args.duration.trim()));
  const seconds = parseDuration(args.duration, "DURATION");
  const { connection, chainId, name } = await ctx.network();
  const node = await identifyNode(connection.provider);
  if (!node.local) {
    throw environmentError(
      `galeon time advance moves the clock of a local development node only (the Hardhat network, hardhat node,` +
        ` anvil): network ${name} (chain ${chainId}, ${node.client}) keeps real time; nothing sent`,
    );
  }
  const { before, after } = await advanceTime(connection.provider, seconds);
  return {
    data: {
      network: name,
      chainId,
      advanced: after.timestamp - before.timestamp,
      before: { block: before.number, timestamp: before.timestamp, time: formatTime(before.timestamp) },
      after: { block: after.number, timestamp: after.timestamp, time: formatTime(after.timestamp) },
    },
    text:
      `Chain time advanced by ${formatSeconds(after.timestamp - before.timestamp)}: ${formatTime(before.timestamp)}` +
      ` → ${formatTime(after.timestamp)} (block ${after.number}, timestamp ${after.timestamp})`,
  };
});
