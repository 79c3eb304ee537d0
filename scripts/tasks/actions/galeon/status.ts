/**
 * `galeon status`: the suite's figures, one section per component of the deployment.
 *
 * Extension points: each entry of `SECTIONS` reads one component and returns its JSON part and its
 * table rows, or `undefined` when the deployment lacks that component. Revenue per token and the
 * split totals (router), the buy-back's accrued amounts and the treasury balances plug in here as
 * their contracts land, without touching the token section or the printing.
 */
import { Interface } from "ethers";

import { formatAmount } from "../../../lib/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs, TaskContext } from "../../../lib/context.js";
import { FUTURES } from "../../../lib/deployment.js";
import { renderSections, type Section } from "../../../lib/output.js";
import type { GaleonToken } from "../../../../typechain-types/index.js";

interface StatusSection {
  /** The key of this section in the JSON object. */
  key: string;
  data: Record<string, unknown>;
  table: Section;
}

type SectionReader = (ctx: TaskContext) => Promise<StatusSection | undefined>;

const ALLOCATED = new Interface(["event GaleonAllocated(address indexed recipient, uint256 amount)"]);

/**
 * The initial supply: the sum of the `GaleonAllocated` events of the token's deployment block (on
 * chain), or, when the node no longer has those logs, of the constructor amounts in the journal.
 */
async function initialSupply(ctx: TaskContext, address: string): Promise<{ value: bigint; source: string }> {
  const deployment = await ctx.deployment();
  const block = deployment.deploymentBlock(FUTURES.galeonToken);
  if (block !== undefined) {
    const ethers = await ctx.ethers();
    const topic = ALLOCATED.getEvent("GaleonAllocated")!.topicHash;
    const logs = await ethers.provider.getLogs({ address, fromBlock: block, toBlock: block, topics: [topic] });
    if (logs.length > 0) {
      const value = logs.reduce((sum, log) => sum + (ALLOCATED.parseLog(log)!.args.amount as bigint), 0n);
      return { value, source: "allocation events" };
    }
  }
  const amounts = deployment.constructorArgs(FUTURES.galeonToken)?.[1];
  if (Array.isArray(amounts)) {
    return { value: amounts.reduce((sum: bigint, a) => sum + BigInt(String(a)), 0n), source: "deployment parameters" };
  }
  throw new Error(`cannot tell the initial supply of $GALEON from deployment ${deployment.id}`);
}

const tokenSection: SectionReader = async (ctx) => {
  const token = await ctx.contract<GaleonToken>(FUTURES.galeonToken);
  const address = await token.getAddress();
  const [name, symbol, decimals, supply] = await Promise.all([
    token.name(),
    token.symbol(),
    token.decimals(),
    token.totalSupply(),
  ]);
  const initial = await initialSupply(ctx, address);
  const burned = initial.value - supply;
  const fmt = (v: bigint) => formatAmount(v, decimals, symbol);
  return {
    key: "token",
    data: {
      address,
      name,
      symbol,
      decimals: Number(decimals),
      initialSupply: initial.value,
      initialSupplySource: initial.source,
      totalSupply: supply,
      burned,
    },
    table: {
      title: `$${symbol} (${name}) at ${address}`,
      rows: [
        ["initial supply", fmt(initial.value)],
        ["current supply", fmt(supply)],
        ["burned", fmt(burned)],
      ],
    },
  };
};

/** In display order. Next: router (revenue per token, split totals), buy-back, treasury. */
const SECTIONS: SectionReader[] = [tokenSection];

export default galeonAction(async (_args: CommonTaskArgs, ctx) => {
  const deployment = await ctx.deployment();
  const { name } = await ctx.network();
  const sections: StatusSection[] = [];
  for (const read of SECTIONS) {
    const section = await read(ctx);
    if (section !== undefined) sections.push(section);
  }
  const header = `Galeon on network ${name} (chain ${deployment.chainId}), deployment ${deployment.id}`;
  return {
    data: {
      network: name,
      chainId: deployment.chainId,
      deploymentId: deployment.id,
      ...Object.fromEntries(sections.map((s) => [s.key, s.data])),
    },
    text: `${header}\n\n${renderSections(sections.map((s) => s.table))}`,
  };
});
