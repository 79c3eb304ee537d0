/**
 * `hospital statement --hospital ID [--format csv|json] [--out FILE]`: every credit (`Purchased`)
 * and claim (`HospitalClaimed`) of a hospital, rebuilt from the router's events since its
 * deployment block, with a running balance per token; the final balances are checked against
 * `hospitalBalance` on chain at the same block.
 */
import { Interface } from "ethers";

import { formatAmount } from "../../../lib/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { FUTURES } from "../../../lib/deployment.js";
import { badInput, CliError } from "../../../lib/errors.js";
import { writeOutputFile } from "../../../lib/files.js";
import { hospitalIdOption } from "../../../lib/hospitalArgs.js";
import { getLogsChunked } from "../../../lib/logs.js";
import { registeredHospital, router as routerOf } from "../../../lib/money.js";
import { renderTable, toJson } from "../../../lib/output.js";
import { unpackUsage } from "../../../lib/quote.js";
import { allowlistedTokens, tokenInfo, type TokenInfo } from "../../../lib/tokens.js";

interface StatementArgs extends CommonTaskArgs {
  hospital?: string;
  format?: string;
  out?: string;
}

const EVENTS = new Interface([
  "event Purchased(bytes32 indexed accessId, address indexed token, address indexed buyer, address payer, uint256 amount, uint256[4] parts, bytes32 jobHash, uint64 accessExpiry, uint256[] usage, uint256[] credits)",
  "event HospitalClaimed(uint32 indexed hospitalId, address indexed token, address indexed payout, uint256 amount)",
]);

export interface StatementEntry {
  block: number;
  transaction: string;
  logIndex: number;
  kind: "credit" | "claim";
  /** The access bought (credits), empty for claims. */
  accessId: string;
  /** The address paid (claims), empty for credits. */
  payout: string;
  token: string;
  symbol: string;
  decimals: number;
  amount: bigint;
  balance: bigint;
}

const CSV_HEADER = "block,transaction,kind,access_id,payout,token,symbol,decimals,amount,balance";

export function statementCsv(entries: StatementEntry[]): string {
  const rows = entries.map((e) =>
    [e.block, e.transaction, e.kind, e.accessId, e.payout, e.token, e.symbol, e.decimals, e.amount, e.balance].join(
      ",",
    ),
  );
  return [CSV_HEADER, ...rows].join("\n") + "\n";
}

export default galeonAction(async (args: StatementArgs, ctx) => {
  const hospitalId = hospitalIdOption(args.hospital);
  const format = args.format?.trim().toLowerCase();
  if (format !== undefined && format !== "csv" && format !== "json") {
    throw badInput(`--format "${args.format}" is not csv or json`);
  }
  const router = await routerOf(ctx);
  const routerAddress = await router.getAddress();
  await registeredHospital(router, hospitalId);
  const deployment = await ctx.deployment();
  const ethers = await ctx.ethers();
  const fromBlock = deployment.deploymentBlock(FUTURES.router) ?? 0;
  const toBlock = await ethers.provider.getBlockNumber();

  const purchased = EVENTS.getEvent("Purchased")!;
  const claimed = EVENTS.getEvent("HospitalClaimed")!;
  const [purchases, claims] = await Promise.all([
    getLogsChunked(ethers.provider, { address: routerAddress, topics: [purchased.topicHash], fromBlock, toBlock }),
    getLogsChunked(ethers.provider, {
      address: routerAddress,
      topics: [claimed.topicHash, ethers.zeroPadValue(ethers.toBeHex(hospitalId), 32)],
      fromBlock,
      toBlock,
    }),
  ]);

  const tokens = new Map<string, TokenInfo>((await allowlistedTokens(ctx)).map((t) => [t.address, t]));
  const info = async (address: string) => {
    if (!tokens.has(address)) tokens.set(address, await tokenInfo(ethers.provider, address));
    return tokens.get(address)!;
  };
  const raw: Array<Omit<StatementEntry, "balance" | "symbol" | "decimals">> = [];
  for (const log of purchases) {
    const event = EVENTS.parseLog(log)!;
    const usage = event.args.usage as bigint[];
    const index = usage.findIndex((w) => Number(unpackUsage(w).hospitalId) === hospitalId);
    if (index < 0) continue;
    raw.push({
      block: log.blockNumber,
      transaction: log.transactionHash,
      logIndex: log.index,
      kind: "credit",
      accessId: event.args.accessId as string,
      payout: "",
      token: event.args.token as string,
      amount: (event.args.credits as bigint[])[index],
    });
  }
  for (const log of claims) {
    const event = EVENTS.parseLog(log)!;
    raw.push({
      block: log.blockNumber,
      transaction: log.transactionHash,
      logIndex: log.index,
      kind: "claim",
      accessId: "",
      payout: event.args.payout as string,
      token: event.args.token as string,
      amount: event.args.amount as bigint,
    });
  }
  raw.sort((a, b) => a.block - b.block || a.logIndex - b.logIndex);

  const running = new Map<string, bigint>();
  const entries: StatementEntry[] = [];
  for (const r of raw) {
    const t = await info(r.token);
    const balance = (running.get(r.token) ?? 0n) + (r.kind === "credit" ? r.amount : -r.amount);
    running.set(r.token, balance);
    entries.push({ ...r, symbol: t.symbol, decimals: t.decimals, balance });
  }
  const balances = await Promise.all(
    [...tokens.values()].map(async (t) => {
      const onChain = await router.hospitalBalance(hospitalId, t.address, { blockTag: toBlock });
      const computed = running.get(t.address) ?? 0n;
      const credited = entries
        .filter((e) => e.token === t.address && e.kind === "credit")
        .reduce((s, e) => s + e.amount, 0n);
      const claimedTotal = entries
        .filter((e) => e.token === t.address && e.kind === "claim")
        .reduce((s, e) => s + e.amount, 0n);
      return {
        token: t.address,
        symbol: t.symbol,
        decimals: t.decimals,
        credited,
        claimed: claimedTotal,
        computed,
        onChain,
        reconciled: computed === onChain,
      };
    }),
  );
  const reconciled = balances.every((b) => b.reconciled);
  const check = reconciled
    ? `check: the statement's final balances equal hospitalBalance on chain at block ${toBlock} (` +
      balances.map((b) => formatAmount(b.onChain, b.decimals, b.symbol)).join(", ") +
      ")"
    : `check FAILED at block ${toBlock}: ` +
      balances
        .filter((b) => !b.reconciled)
        .map((b) => `${b.symbol} statement ${b.computed} vs chain ${b.onChain} base units`)
        .join("; ");
  const statement = { hospitalId, router: routerAddress, fromBlock, toBlock, entries, balances, reconciled, check };

  let body: string;
  if (format === "json") body = toJson(statement) + "\n";
  else if (format === "csv") body = statementCsv(entries);
  else {
    const rows = entries.map((e) => [
      String(e.block),
      e.kind,
      e.kind === "credit" ? e.accessId.slice(0, 10) + "…" : `to ${e.payout}`,
      formatAmount(e.kind === "credit" ? e.amount : -e.amount, e.decimals, e.symbol),
      formatAmount(e.balance, e.decimals, e.symbol),
    ]);
    body =
      `Hospital ${hospitalId}: ${entries.length} entries from block ${fromBlock} to ${toBlock}\n\n` +
      (rows.length === 0
        ? "(no credit or claim yet)"
        : renderTable(rows, ["block", "kind", "access / payout", "amount", "balance"]));
  }
  let text: string;
  if (args.out !== undefined) {
    await writeOutputFile(args.out, body);
    text = `Statement of hospital ${hospitalId} (${entries.length} entries) written to ${args.out}\n${check}`;
  } else if (format === "json") {
    text = body.trimEnd();
  } else if (format === "csv") {
    // The CSV stays clean on stdout; the check goes to stderr.
    console.error(check);
    text = body.trimEnd();
  } else {
    text = `${body}\n\n${check}`;
  }
  if (!reconciled) {
    if (args.out === undefined && !args.json) console.log(text);
    throw new CliError(`the statement of hospital ${hospitalId} does not reconcile: ${check}`);
  }
  return { data: { ...statement, ...(args.out === undefined ? {} : { file: args.out }) }, text };
});
