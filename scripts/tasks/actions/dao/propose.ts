/**
 * `dao propose`: submits a proposal from an actions file (`--actions FILE`, the format `attestor
 * rotate` writes) or from flags for the common actions (a treasury grant, a split, registering a
 * hospital, allowing a payment token, a new attestor, a buy-back lot). Before sending, it refuses a
 * proposal that already exists, and simulates every action as the timelock will run it, in order
 * (`domain/governance/simulation.ts`): a proposal that could only fail at execution, eleven days later, is
 * refused with the failing action and why, unless `--force`. Prints the proposal id, the vote's start
 * (snapshot) and end, and the commands to run next. Warns, without refusing, when the proposer is
 * below the threshold.
 */
import { id, Interface, isHexString } from "ethers";

import { parseAddress } from "../../../../domain/chain/addresses.js";
import { parseAmount } from "../../../../domain/amounts/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { FUTURES } from "../../../../domain/chain/futures.js";
import { badInput, CliError } from "../../../../domain/errors/refusal.js";
import {
  type ActionSpec,
  encodeActions,
  parseSplit,
  PROPOSAL_CREATED,
} from "../../../../domain/governance/governance.js";
import { readActionsFile } from "../../../lib/files.js";
import { findEvent } from "../../../../domain/chain/logs.js";
import { renderTable } from "../../../lib/output.js";
import { findRevertData } from "../../../../domain/errors/revert.js";
import { resolveDeploymentToken } from "../../../lib/tokens.js";
import { PROPOSAL_STATE_NAMES } from "../../../../domain/errors/sentences/dao.js";
import type { TimelockController } from "../../../../typechain-types/index.js";
import { when } from "../../../../domain/governance/checks.js";
import { command, loadDao, simulate, timeAdvanceHint } from "./shared.js";

interface ProposeArgs extends CommonTaskArgs {
  actions?: string;
  description?: string;
  grant?: string;
  token?: string;
  to?: string;
  split?: string;
  registerHospital?: string;
  payout?: string;
  metadataHash?: string;
  allowToken?: string;
  attestor?: string;
  buybackLot?: string;
  collect: boolean;
  force: boolean;
}

const given = (v: string | undefined): v is string => v !== undefined && v !== "";

/** Checks the flags' syntax (no network): which actions, and their typed values. */
function checkFlags(args: ProposeArgs) {
  const flagged = [args.grant, args.split, args.registerHospital, args.allowToken, args.attestor, args.buybackLot];
  const anyFlag = flagged.some(given);
  if (given(args.actions) && anyFlag) {
    throw badInput("give either --actions FILE or action flags (--grant, --split, ...), not both");
  }
  if (!given(args.actions) && !anyFlag) {
    throw badInput(
      "nothing to propose: give --actions FILE or a flag (--grant, --split, --register-hospital, --allow-token," +
        " --attestor, --buyback-lot)",
    );
  }
  if (!given(args.actions) && (!given(args.description) || args.description.trim() === "")) {
    throw badInput("--description is required with action flags: say what the proposal does");
  }
  if (given(args.grant) && (!given(args.token) || !given(args.to))) {
    throw badInput("--grant needs --token SYMBOL|ADDRESS and --to ADDRESS");
  }
  if (given(args.buybackLot) && !given(args.token)) throw badInput("--buyback-lot needs --token SYMBOL|ADDRESS");
  if (args.collect && !given(args.grant)) {
    throw badInput("--collect goes with --grant: it collects the granted token's leg into the treasury first");
  }
  const to = given(args.grant) ? parseAddress(args.to!, { label: "--to" }) : undefined;
  const split = given(args.split) ? parseSplit(args.split) : undefined;
  let hospital: { id: number; payout: string; metadataHash: string } | undefined;
  if (given(args.registerHospital)) {
    const id = args.registerHospital.trim();
    if (!/^[0-9]+$/.test(id) || Number(id) === 0 || Number(id) > 0xffffffff) {
      throw badInput(`--register-hospital "${args.registerHospital}" must be a hospital id from 1 to 4294967295`);
    }
    if (!given(args.payout)) throw badInput("--register-hospital needs --payout ADDRESS");
    const metadataHash = args.metadataHash ?? "";
    if (!isHexString(metadataHash, 32)) {
      throw badInput(`--metadata-hash "${metadataHash}" must be 0x followed by 64 hexadecimal digits`);
    }
    hospital = { id: Number(id), payout: parseAddress(args.payout, { label: "--payout" }), metadataHash };
  }
  const allowToken = given(args.allowToken) ? parseAddress(args.allowToken, { label: "--allow-token" }) : undefined;
  const attestor = given(args.attestor) ? parseAddress(args.attestor, { label: "--attestor" }) : undefined;
  return { to, split, hospital, allowToken, attestor };
}

export default galeonAction(async (args: ProposeArgs, ctx) => {
  // Input first: nothing touches the network before the flags and the file are valid.
  const flags = checkFlags(args);
  const file = given(args.actions) ? await readActionsFile(args.actions) : undefined;

  const dao = await loadDao(ctx);
  const { deployment, ethers, governor } = dao;
  let description: string;
  let specs: ActionSpec[];
  if (file !== undefined) {
    description = given(args.description) ? args.description : file.description;
    specs = file.actions;
  } else {
    description = args.description!;
    specs = [];
    if (given(args.grant)) {
      const token = await resolveDeploymentToken(ethers.provider, deployment, args.token!);
      const amount = parseAmount(args.grant, token.decimals, { label: "--grant", symbol: token.symbol });
      if (args.collect) {
        // Anyone may collect: the timelock does it first, so the grant pays from what is collected then.
        specs.push({
          contract: FUTURES.treasury,
          function: "collect(address,address[])",
          args: [deployment.address(FUTURES.router), [token.address]],
        });
      }
      specs.push({
        contract: FUTURES.treasury,
        function: "transferToken(address,address,uint256)",
        args: [token.address, flags.to, amount.toString()],
      });
    }
    if (flags.split !== undefined) {
      specs.push({ contract: FUTURES.router, function: "setSplit(uint16,uint16,uint16,uint16)", args: flags.split });
    }
    if (flags.hospital !== undefined) {
      const h = flags.hospital;
      specs.push({
        contract: FUTURES.router,
        function: "register(uint32,address,bytes32)",
        args: [h.id, h.payout, h.metadataHash],
      });
    }
    if (flags.allowToken !== undefined) {
      specs.push({
        contract: FUTURES.router,
        function: "setTokenAllowed(address,bool)",
        args: [flags.allowToken, true],
      });
    }
    if (flags.attestor !== undefined) {
      specs.push({ contract: FUTURES.router, function: "setAttestor(address)", args: [flags.attestor] });
    }
    if (given(args.buybackLot)) {
      const token = await resolveDeploymentToken(ethers.provider, deployment, args.token!);
      const lot = parseAmount(args.buybackLot, token.decimals, { label: "--buyback-lot", symbol: token.symbol });
      specs.push({
        contract: FUTURES.burner,
        function: "setLot(address,uint256)",
        args: [token.address, lot.toString()],
      });
    }
  }
  const actions = await encodeActions(specs, deployment, file === undefined ? "flags" : args.actions!);
  const calls = {
    targets: actions.map((a) => a.target),
    values: actions.map((a) => a.value),
    calldatas: actions.map((a) => a.calldata),
    description,
  };

  // The same actions and description make the same id: the Governor would refuse.
  const existing = await governor.hashProposal(calls.targets, calls.values, calls.calldatas, id(description));
  if ((await governor.proposalSnapshot(existing)) !== 0n) {
    throw new CliError(
      `proposal ${existing} already exists (${await dao.state(existing)}): the same actions and description give` +
        ` the same id; change --description to propose them again (${command(ctx, ["dao", "status", existing.toString()])})`,
    );
  }

  // Simulate every action as the timelock will run it, at the earliest execution when the node can.
  const timelock = await ctx.contract<TimelockController>(FUTURES.timelock);
  const [now, votingDelay, votingPeriod, minDelay] = await Promise.all([
    dao.now(),
    governor.votingDelay(),
    governor.votingPeriod(),
    timelock.getMinDelay(),
  ]);
  const decoded = await dao.decode(calls);
  const simulation = await simulate(ctx, dao, calls, decoded, {
    at: now + votingDelay + votingPeriod + minDelay + 1n,
    atLabel: "the earliest execution",
    use: "propose",
  });
  const warnings: string[] = [];
  if (simulation.outcome === "fails") {
    if (!args.force) {
      throw new CliError(
        `${simulation.summary}. Nothing sent; --force proposes it anyway (for an action that an earlier proposal` +
          " will make pass)",
      );
    }
    warnings.push(`${simulation.summary}; proposed anyway (--force)`);
  } else if (simulation.outcome === "not simulated") {
    warnings.push(`the actions were ${simulation.summary}`);
  }

  const signer = await ctx.signer();
  const [votes, threshold] = await Promise.all([dao.token.getVotes(signer.address), governor.proposalThreshold()]);
  if (votes < threshold) {
    warnings.push(
      `${signer.address} has ${dao.fmt(votes)} of votes but proposing needs ${dao.fmt(threshold)}:` +
        " the Governor will refuse (run dao delegate, or ask holders to delegate to you)",
    );
  }
  for (const w of warnings) console.error(`warning: ${w}`);

  const receipt = await ctx
    .confirm("proposing", governor.propose(calls.targets, calls.values, calls.calldatas, description))
    .catch((error: unknown) => {
      // The Governor's threshold refusal, in $GALEON rather than the decoder's base units.
      const data = findRevertData(error);
      let parsed: ReturnType<typeof governor.interface.parseError> = null;
      try {
        parsed = data === undefined ? null : governor.interface.parseError(data);
      } catch {
        // Not decodable here: explained by the common decoder.
      }
      if (parsed?.name !== "GovernorInsufficientProposerVotes") throw error;
      throw new CliError(
        `the chain refused: ${String(parsed.args.proposer)} has ${dao.fmt(parsed.args.votes as bigint)} of votes but` +
          ` proposing needs ${dao.fmt(parsed.args.threshold as bigint)}: delegate votes to it first (dao delegate)`,
      );
    });
  const iface = new Interface([PROPOSAL_CREATED]);
  const created = findEvent(iface, receipt.logs, "ProposalCreated");
  if (created === undefined) throw new Error(`transaction ${receipt.hash} created no proposal`);
  const proposalId = created.args.proposalId as bigint;
  const voteStart = created.args.voteStart as bigint;
  const voteEnd = created.args.voteEnd as bigint;
  const after = await dao.now();

  const advance = await timeAdvanceHint(ctx, voteStart, after);
  const vote = command(ctx, ["dao", "vote", proposalId.toString(), "--support", "for"], { from: true });
  const next = [...(advance === undefined ? [] : [advance]), vote];
  const rows: string[][] = [
    ["proposal id", proposalId.toString()],
    ["description", description.split("\n")[0]],
    ["state", PROPOSAL_STATE_NAMES[0]],
    ["vote opens (snapshot)", when(voteStart, after)],
    ["vote closes", when(voteEnd, after)],
    ...decoded.map((a, i) => [`action ${i + 1}`, a.summary]),
    ["simulation", simulation.summary],
  ];
  const nextText = [
    ...(advance === undefined ? [] : [`  ${advance}    # this local node: move the clock to the vote`]),
    `  ${vote}    # once the vote opens; or --support against|abstain`,
  ];
  return {
    data: {
      proposalId: proposalId.toString(),
      proposer: signer.address,
      description,
      voteStart,
      voteEnd,
      actions: actions.map((a, i) => ({
        target: a.target,
        value: a.value,
        calldata: a.calldata,
        summary: decoded[i].summary,
      })),
      simulation,
      warnings,
      next,
      transaction: receipt.hash,
    },
    text: `Proposal submitted (transaction ${receipt.hash})\n\n${renderTable(rows)}\n\nNext:\n${nextText.join("\n")}`,
  };
});
