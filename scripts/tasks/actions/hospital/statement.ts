/**
 * `hospital statement --hospital ID [--format csv|json] [--out FILE]`: every credit, claim and payout
 * rotation of a hospital, one row each in the shared statement format (`statementFormat.ts`: date,
 * block, transaction, access id, job hash, buyer, token, amount in token units, running balance,
 * payout), from a `StatementSource`: the router's logs (scanned in chunks that shrink when a node
 * refuses them), or the Galeon indexer with `--indexer URL` / `GALEON_INDEXER_URL` (its statement at
 * its indexed block, after checking it indexes this deployment on this chain, its rows checked to add
 * up). Either way, totals per token (credited, claimed, balance) are checked against
 * `hospitalBalance` on chain at the statement's last block: the chain's head for the logs, the
 * indexer's block for the indexer (stderr says which, and how far behind the chain it is).
 */
import { formatAmount } from "../../../../domain/amounts/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { FUTURES } from "../../../../domain/chain/futures.js";
import { badInput, CliError } from "../../../../domain/errors/refusal.js";
import { writeOutputFile } from "../../../lib/files.js";
import { hospitalIdOption } from "../../../lib/hospitalArgs.js";
import { behindNote, IndexerClient, indexerUrl, IndexerStatementSource } from "../../../lib/indexer.js";
import { indexerHint } from "../../../../domain/chain/logs.js";
import { registeredHospital, router as routerOf, routerTokens } from "../../../lib/money.js";
import { renderTable, toJson } from "../../../lib/output.js";
import { statementCsv } from "../../../../domain/statements/statementFormat.js";
import {
  type HospitalStatement,
  LogStatementSource,
  type StatementSource,
} from "../../../../domain/statements/statementSource.js";
import { tokenInfo, type TokenInfo } from "../../../../domain/amounts/tokens.js";

interface StatementArgs extends CommonTaskArgs {
  hospital?: string;
  format?: string;
  out?: string;
  indexer?: string;
}

/** "-2000000.5" as "-2,000,000.5", for the table (the CSV keeps plain numbers). */
function grouped(units: string): string {
  const [whole, fraction] = units.split(".");
  const digits = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? digits : `${digits}.${fraction}`;
}

export default galeonAction(async (args: StatementArgs, ctx) => {
  const hospitalId = hospitalIdOption(args.hospital);
  const indexer = indexerUrl(args.indexer);
  const format = args.format?.trim().toLowerCase();
  if (format !== undefined && format !== "csv" && format !== "json") {
    throw badInput(`--format "${args.format}" is not csv or json`);
  }
  const router = await routerOf(ctx);
  const routerAddress = await router.getAddress();
  const { payout, status } = await registeredHospital(router, hospitalId);
  const deployment = await ctx.deployment();
  const { connection } = await ctx.network();
  const provider = (await ctx.ethers()).provider;
  const fromBlock = deployment.deploymentBlock(FUTURES.router) ?? 0;
  const head = await provider.getBlockNumber();

  const known = new Map<string, Promise<TokenInfo>>();
  for (const t of await routerTokens(ctx)) known.set(t.address, Promise.resolve(t));
  const lookup = (address: string) => {
    if (!known.has(address)) known.set(address, tokenInfo(provider, address));
    return known.get(address)!;
  };
  let source: StatementSource;
  let statement: HospitalStatement;
  let toBlock = head;
  let inconsistencies: string[] = [];
  let indexed: IndexerStatementSource["at"];
  if (indexer === undefined) {
    source = new LogStatementSource(connection.provider, lookup);
    statement = await source.statement({ router: routerAddress, hospitalId, fromBlock, toBlock });
    const hint = statement.scan === undefined ? undefined : indexerHint(statement.scan, "router events");
    if (hint !== undefined) console.error(hint);
  } else {
    const fromIndexer = new IndexerStatementSource(
      new IndexerClient(indexer),
      { chainId: deployment.chainId, deploymentId: deployment.id },
      connection.provider,
    );
    source = fromIndexer;
    const served = await fromIndexer.statement({ router: routerAddress, hospitalId, fromBlock, toBlock });
    statement = served;
    toBlock = served.block;
    inconsistencies = served.inconsistencies;
    indexed = fromIndexer.at!;
    // Which block, on stderr: stdout stays what the log scan prints.
    console.error(
      behindNote(indexer, indexed) ?? `read from the indexer at ${indexer}, at the chain's head (block ${toBlock})`,
    );
    // Tokens the statement names that the router no longer lists: read on chain, as the log scan does.
    for (const t of statement.totals) void lookup(t.token);
  }

  // The check: every token of the router (and any other the statement met), on chain at `toBlock`.
  const tokens = new Map<string, TokenInfo>();
  for (const [address, info] of known) tokens.set(address, await info);
  const totals = await Promise.all(
    [...tokens.values()].map(async (t) => {
      const line = statement.totals.find((x) => x.token === t.address);
      const onChain = await router.hospitalBalance(hospitalId, t.address, { blockTag: toBlock });
      const balance = line?.balance ?? 0n;
      return {
        token: t.address,
        symbol: t.symbol,
        decimals: t.decimals,
        credited: line?.credited ?? 0n,
        claimed: line?.claimed ?? 0n,
        balance,
        onChain,
        reconciled: balance === onChain,
      };
    }),
  );
  const shown = totals.filter((t) => t.credited !== 0n || t.onChain !== 0n);
  const reconciled = totals.every((t) => t.reconciled) && inconsistencies.length === 0;
  const fmt = (v: bigint, t: { decimals: number; symbol: string }) => formatAmount(v, t.decimals, t.symbol);
  const check = reconciled
    ? `check: the balances equal hospitalBalance on chain at block ${toBlock}` +
      (shown.length === 0 ? " (nothing credited)" : ` (${shown.map((t) => fmt(t.onChain, t)).join(", ")})`)
    : `check FAILED at block ${toBlock}: ` +
      [
        ...totals
          .filter((t) => !t.reconciled)
          .map((t) => `${t.symbol} statement ${fmt(t.balance, t)} vs chain ${fmt(t.onChain, t)}`),
        ...inconsistencies,
      ].join("; ");
  const result = {
    hospitalId,
    status,
    payout,
    router: routerAddress,
    fromBlock,
    toBlock,
    source: source.name,
    ...(indexed === undefined
      ? {}
      : {
          indexer: { url: indexer, block: indexed.block.number, chainHead: indexed.chainHead, behind: indexed.behind },
        }),
    rows: statement.rows,
    totals: shown,
    reconciled,
    check,
  };

  const totalsTable = renderTable(
    shown.map((t) => [t.symbol, fmt(t.credited, t), fmt(-t.claimed, t), fmt(t.balance, t)]),
    ["token", "credited", "claimed", "balance"],
  );
  let body: string;
  if (format === "json") body = toJson(result) + "\n";
  else if (format === "csv") body = statementCsv(statement.rows);
  else {
    const rows = statement.rows.map((r) => [
      r.date,
      r.kind === "payout_change" ? "payout" : r.kind,
      r.kind === "credit"
        ? `access ${r.accessId.slice(0, 10)}… buyer ${r.buyer.slice(0, 8)}…` +
          (r.permitId === "" ? "" : ` permit ${r.permitId.slice(0, 10)}…`)
        : r.kind === "claim"
          ? `paid to ${r.payout}`
          : `${r.previousPayout} → ${r.payout}`,
      r.kind === "payout_change" ? "" : `${grouped(r.amount)} ${r.symbol}`,
      r.kind === "payout_change" ? "" : `${grouped(r.balance)} ${r.symbol}`,
    ]);
    body =
      `Hospital ${hospitalId} (${status}, paid to ${payout}): ${statement.rows.length} rows from block ${fromBlock}` +
      ` to ${toBlock}\n\n` +
      (rows.length === 0
        ? "(no credit, claim or payout change yet)"
        : renderTable(rows, ["date (UTC)", "kind", "detail", "amount", "balance"])) +
      (shown.length === 0 ? "" : `\n\n${totalsTable}`);
  }
  let text: string;
  if (args.out !== undefined) {
    await writeOutputFile(args.out, body);
    text =
      `Statement of hospital ${hospitalId} (${statement.rows.length} rows) written to ${args.out}` +
      (shown.length === 0 ? "" : `\n\n${totalsTable}`) +
      `\n\n${check}`;
  } else if (format === "json") {
    text = body.trimEnd();
  } else if (format === "csv") {
    // The CSV stays clean on stdout; the totals and the check go to stderr.
    if (shown.length > 0) console.error(totalsTable);
    console.error(check);
    text = body.trimEnd();
  } else {
    text = `${body}\n\n${check}`;
  }
  if (!reconciled) {
    if (args.out === undefined && !args.json) console.log(text);
    throw new CliError(`the statement of hospital ${hospitalId} does not reconcile: ${check}`);
  }
  return { data: { ...result, ...(args.out === undefined ? {} : { file: args.out }) }, text };
});
