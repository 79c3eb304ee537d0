/** `galeon time now`: the chain's time, the latest block's timestamp (any network), and whether its clock can be moved. */
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { formatTime } from "../../../../domain/governance/governance.js";
import { identifyNode, latestBlock } from "../../../../domain/chain/rpc.js";

export default galeonAction(async (_args: CommonTaskArgs, ctx) => {
  const { connection, chainId, name } = await ctx.network();
  const [latest, node] = await Promise.all([latestBlock(connection.provider), identifyNode(connection.provider)]);
  return {
    data: {
      network: name,
      chainId,
      block: latest.number,
      timestamp: latest.timestamp,
      time: formatTime(latest.timestamp),
      local: node.local,
      client: node.client,
    },
    text:
      `${formatTime(latest.timestamp)} (timestamp ${latest.timestamp}, block ${latest.number} of network ${name},` +
      ` chain ${chainId}, ${node.client}${node.local ? "; galeon time advance moves it" : ""})`,
  };
});
