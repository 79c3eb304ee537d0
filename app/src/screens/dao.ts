/**
 * The DAO member's screen: the account's votes and delegation; every proposal from the indexer with
 * its live state, timeline (voting starts, ends, late-quorum extension, ETA), tallies and quorum, its
 * actions decoded by the command line's decoder with the result of simulating them as the timelock
 * will run them (guardian-limiting proposals marked); voting For/Against/Abstain with a reason, or by
 * signature for someone else to relay; relaying a signed vote; queueing and executing when due. The
 * refusals are the command line's sentences (`npx hardhat dao vote|queue|execute`).
 */
import { Contract, id } from "ethers";

import type { AppContext, Screen } from "../context.js";
import {
  type ApiProposal,
  type ApiVote,
  daoReader,
  type DaoReader,
  GOVERNOR_ABI,
  parseBallot,
  relayBallot,
  signBallot,
  simulationSentence,
  SUPPORT_NAMES,
  TOKEN_ABI,
} from "../dao.js";
import {
  alreadyDelegates,
  alreadyVoted,
  earliestExecution,
  executeRefusal,
  LIVE_STATES,
  formatAmount,
  parseAddress,
  queueRefusal,
  type StateName,
  voterRefusal,
  voteStateRefusal,
  when,
} from "../domain.js";
import { amount } from "../ui/amount.js";
import { addressText, el, field } from "../ui/dom.js";
import { failureSentence, FlowError, sendSteps, txStatus } from "../ui/tx.js";

export const daoScreen: Screen = {
  path: "/dao",
  title: "DAO",
  async render(root, ctx) {
    const dao = daoReader(ctx);
    // The section on the page now: a rerender swaps it, while a render still reading keeps its own (then detached)
    // section, so two renders never write into one screen.
    let shown = root;
    const rerender = async () => {
      // Not ready until the fresh screen is whole: a test (or a screenshot) waiting for "/dao" must not see it half-built.
      delete document.body.dataset.ready;
      const fresh = el("section", { class: "screen", "aria-labelledby": "screen-title" });
      shown.replaceWith(fresh);
      shown = fresh;
      await daoScreen.render(fresh, ctx);
      if (fresh.isConnected) document.body.dataset.ready = "/dao";
    };
    root.append(
      el("h2", { id: "screen-title" }, "DAO"),
      el(
        "p",
        { class: "lead" },
        "Proposals of the Galeon DAO with what they would do, as the timelock will run them. Vote with your " +
          "delegated $GALEON, or sign your vote for someone else to send. The same as npx hardhat dao status, " +
          "vote, delegate, queue and execute.",
      ),
    );
    root.append(await votingPower(ctx, dao, rerender));
    const { proposals } = await ctx.api<{ proposals: ApiProposal[] }>("/api/proposals");
    const list = el("div", { class: "proposals" });
    if (proposals.length === 0) list.append(el("p", {}, "No proposals yet."));
    // The cards are read first and shown with their heading, so the count never stands above an empty list.
    for (const p of proposals) list.append(await proposalCard(ctx, dao, p, rerender));
    root.append(el("h3", {}, `Proposals (${proposals.length})`), list);
    root.append(relaySection(ctx, rerender));
  },
};

/* YOUR VOTES AND DELEGATION */

async function votingPower(ctx: AppContext, dao: DaoReader, rerender: () => Promise<void>): Promise<HTMLElement> {
  const section = el("section", { class: "card", id: "voting-power", "aria-labelledby": "power-title" });
  section.append(el("h3", { id: "power-title" }, "Your votes"));
  const wallet = ctx.wallet;
  if (wallet === undefined) {
    section.append(el("p", {}, "Connect your wallet to delegate and vote."));
    return section;
  }
  const [balance, votes, delegatee] = (await Promise.all([
    dao.token.balanceOf(wallet.account),
    dao.token.getVotes(wallet.account),
    dao.token.delegates(wallet.account),
  ])) as [bigint, bigint, string];
  const delegated =
    delegatee === "0x0000000000000000000000000000000000000000"
      ? "nobody yet: your $GALEON does not vote until you delegate it (to yourself or someone)"
      : delegatee.toLowerCase() === wallet.account.toLowerCase()
        ? "yourself"
        : delegatee;
  section.append(
    el(
      "dl",
      { class: "facts" },
      el("dt", {}, "Balance"),
      el("dd", { id: "galeon-balance" }, amount(balance, dao.galeon)),
      el("dt", {}, "Votes you can cast"),
      el("dd", { id: "galeon-votes" }, amount(votes, dao.galeon)),
      el("dt", {}, "Delegated to"),
      el("dd", { id: "delegatee" }, delegated),
    ),
  );
  const toSelf = el("input", { type: "radio", name: "delegate-to", value: "self", id: "delegate-self" });
  toSelf.checked = true;
  const toOther = el("input", { type: "radio", name: "delegate-to", value: "other", id: "delegate-other" });
  const address = el("input", {
    type: "text",
    id: "delegate-address",
    placeholder: "0x…",
    autocomplete: "off",
    spellcheck: "false",
  });
  const button = el("button", { type: "button", id: "delegate" }, "Delegate");
  const status = txStatus();
  button.addEventListener("click", async () => {
    const other = toOther.checked;
    const text = address.value.trim();
    let target: string = wallet.account;
    try {
      if (other) target = parseAddress(text, { label: "--to" });
    } catch (error) {
      ctx.notify("error", (error as Error).message);
      return;
    }
    const who = target.toLowerCase() === wallet.account.toLowerCase() ? "itself" : target;
    if (delegatee.toLowerCase() === target.toLowerCase()) {
      ctx.notify("info", alreadyDelegates(wallet.account, who === "itself" ? wallet.account : target));
      return;
    }
    button.disabled = true;
    try {
      const [receipt] = await sendSteps(ctx, status, [
        {
          label: `delegate your votes to ${who === "itself" ? "yourself" : who}`,
          send: async (signer) =>
            await (new Contract(ctx.address("GaleonToken"), TOKEN_ABI, signer).delegate(target) as Promise<never>),
          undo: `delegate back to ${delegatee === "0x0000000000000000000000000000000000000000" ? "nobody (not possible: delegate to yourself instead)" : delegatee}`,
        },
      ]);
      ctx.notify(
        "ok",
        `${wallet.account} delegated ${dao.galeon.symbol === "" ? "" : "its "}votes to ${who} (transaction ${receipt.hash})`,
      );
      await rerender();
    } catch (error) {
      if (!(error instanceof FlowError)) ctx.notify("error", (error as Error).message);
    } finally {
      button.disabled = false;
    }
  });
  section.append(
    el(
      "fieldset",
      { class: "delegate" },
      el("legend", {}, "Delegate your votes"),
      el("label", { class: "row" }, toSelf, "to yourself"),
      el("label", { class: "row" }, toOther, "to someone else:"),
      field("Delegate's address", address),
      button,
      status,
    ),
  );
  return section;
}

/* ONE PROPOSAL */

async function proposalCard(
  ctx: AppContext,
  dao: DaoReader,
  p: ApiProposal,
  rerender: () => Promise<void>,
): Promise<HTMLElement> {
  const proposalId = BigInt(p.id);
  const short = p.id.length > 12 ? `${p.id.slice(0, 6)}…${p.id.slice(-4)}` : p.id;
  const calls = {
    targets: p.targets,
    values: p.values.map((v) => BigInt(v)),
    calldatas: p.calldatas,
    description: p.description,
  };
  const [state, now, deadline, eta, limiting, extension, tally, minDelay] = await Promise.all([
    dao.state(proposalId),
    dao.now(),
    dao.governor.proposalDeadline(proposalId) as Promise<bigint>,
    dao.governor.proposalEta(proposalId) as Promise<bigint>,
    dao.governor.isGuardianLimiting(proposalId) as Promise<boolean>,
    dao.governor.lateQuorumVoteExtension() as Promise<bigint>,
    dao.governor.proposalVotes(proposalId) as Promise<[bigint, bigint, bigint]>,
    dao.minDelay(),
  ]);
  const voteStart = BigInt(p.voteStart);
  const [against, forVotes, abstain] = tally;
  const quorum =
    voteStart < now ? ((await dao.governor.quorum(voteStart)) as bigint) : p.quorum === null ? null : BigInt(p.quorum);
  const card = el("article", { class: "card proposal", id: `proposal-${p.id}`, "aria-labelledby": `title-${p.id}` });
  card.dataset.state = state;
  const title = p.description.split("\n")[0];
  card.append(
    el("h4", { id: `title-${p.id}` }, title),
    el(
      "p",
      { class: "row" },
      el("span", { class: `state state-${state.toLowerCase()}` }, state),
      el("span", { class: "muted", title: p.id }, `proposal ${short}`),
      el("span", { class: "muted" }, "by ", addressText(p.proposer)),
    ),
  );
  if (limiting) {
    card.append(
      el(
        "p",
        { class: "limiting" },
        "Guardian-limiting: it curbs the guardian's powers, so the guardian cannot cancel it, and it passes " +
          "only with two thirds of the For and Against votes.",
      ),
    );
  }

  // Timeline: voting starts, ends (late-quorum extension), ETA, executed or canceled.
  const timeline = el("ol", { class: "timeline", "aria-label": "Timeline" });
  const item = (label: string, at: bigint, extra = "") =>
    timeline.append(el("li", {}, el("strong", {}, `${label}: `), `${when(at, now)}${extra}`));
  if (p.timestamp !== undefined) item("Proposed", BigInt(p.timestamp));
  item("Voting starts", voteStart);
  const originalEnd = BigInt(p.voteEnd) < deadline ? BigInt(p.voteEnd) : deadline;
  if (deadline > originalEnd) {
    item("Voting was to end", originalEnd);
    item("Voting ends", deadline, `, extended by the late-quorum rule (${extension / 3_600n} h after quorum)`);
  } else {
    item(
      "Voting ends",
      deadline,
      extension > 0n ? `; a quorum reached late extends it to ${Number(extension) / 3_600} h after that vote` : "",
    );
  }
  if (eta > 0n) item("Executable from (ETA)", eta);
  else if (LIVE_STATES.includes(state)) {
    item("Earliest execution", earliestExecution({ state, now, deadline, eta, minDelay }).at);
  }
  if (p.executedAt !== null) item("Executed", BigInt(p.executedAt));
  if (p.canceledAt !== null) item("Canceled", BigInt(p.canceledAt));
  card.append(timeline);

  // Votes and quorum.
  const reached = forVotes + abstain;
  const voteRow = (label: string, id: string, value: bigint) =>
    el(
      "tr",
      {},
      el("th", { scope: "row" }, label),
      el("td", { class: "num", id: `${id}-${p.id}` }, amount(value, dao.galeon)),
    );
  const votes = el(
    "table",
    { class: "votes" },
    el("caption", {}, "Votes"),
    el(
      "tbody",
      {},
      voteRow("For", "for", forVotes),
      voteRow("Against", "against", against),
      voteRow("Abstain", "abstain", abstain),
      el(
        "tr",
        {},
        el("th", { scope: "row" }, "Quorum (For + Abstain)"),
        el(
          "td",
          { class: "num" },
          amount(reached, dao.galeon),
          " of ",
          quorum === null ? "not fixed until the vote starts" : amount(quorum, dao.galeon),
        ),
      ),
    ),
  );
  card.append(el("div", { class: "table-wrap" }, votes));
  if (quorum !== null && quorum > 0n) {
    const percent = Number((reached * 1000n) / quorum) / 10;
    const progress = el("progress", {
      class: "progress",
      max: "100",
      value: String(Math.min(100, percent)),
      "aria-label": `Quorum reached: ${percent}%`,
    });
    card.append(el("p", { class: "row" }, progress, el("span", {}, `${percent}% of the quorum`)));
  }

  // Actions, decoded, and their simulation.
  const actions = await dao.decode(calls);
  card.append(
    el("h5", {}, actions.length === 1 ? "Its action" : `Its ${actions.length} actions`),
    el("ol", { class: "actions" }, ...actions.map((a) => el("li", { class: "action" }, a.summary))),
  );
  if (LIVE_STATES.includes(state)) {
    const { at, atLabel } = earliestExecution({ state, now, deadline, eta, minDelay });
    const simulation = await simulationSentence(ctx, dao, calls, actions, at, atLabel);
    card.append(
      el(
        "p",
        { class: `simulation ${simulation.outcome === "fails" ? "error" : ""}`, id: `simulation-${p.id}` },
        el("strong", {}, "Simulated as the timelock will run it: "),
        simulation.summary,
      ),
    );
  }

  // Who voted (from the indexer).
  const detail = await ctx.api<{ votes: ApiVote[] }>(`/api/proposals/${p.id}`).catch(() => ({ votes: [] }));
  if (detail.votes.length > 0) {
    card.append(
      el(
        "details",
        {},
        el("summary", {}, `${detail.votes.length} vote${detail.votes.length === 1 ? "" : "s"} on record`),
        el(
          "ul",
          { class: "voters" },
          ...detail.votes.map((v) =>
            el(
              "li",
              {},
              addressText(v.voter),
              ` ${SUPPORT_NAMES[v.support] ?? v.support} with `,
              amount(BigInt(v.weight), dao.galeon),
              v.reason === "" ? "" : ` ("${v.reason}")`,
            ),
          ),
        ),
      ),
    );
  }

  card.append(actionsFor(ctx, dao, p, state, { now, deadline, eta, voteStart }, rerender));
  return card;
}

/* WHAT THE MEMBER CAN DO WITH IT */

function actionsFor(
  ctx: AppContext,
  dao: DaoReader,
  p: ApiProposal,
  state: StateName,
  t: { now: bigint; deadline: bigint; eta: bigint; voteStart: bigint },
  rerender: () => Promise<void>,
): HTMLElement {
  const box = el("div", { class: "proposal-actions" });
  const proposalId = BigInt(p.id);
  const status = txStatus();
  const calls = [p.targets, p.values.map((v) => BigInt(v)), p.calldatas, id(p.description)] as const;
  if (state === "Active" || state === "Pending") {
    const name = `support-${p.id}`;
    const radios = SUPPORT_NAMES.map((s, i) => {
      const input = el("input", { type: "radio", name, value: String(i), id: `${name}-${s}` });
      if (s === "for") input.checked = true;
      return el("label", { class: "row" }, input, s === "for" ? "For" : s === "against" ? "Against" : "Abstain");
    });
    const reason = el("textarea", { id: `reason-${p.id}`, rows: "2" });
    const voteButton = el("button", { type: "button", class: "vote" }, "Vote");
    const signButton = el("button", { type: "button", class: "sign-vote secondary" }, "Sign for someone to relay");
    const signed = el("div", { class: "signed-ballot" });
    const chosen = () => {
      const checked = box.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`);
      return Number(checked?.value ?? 1);
    };
    /** The command line's refusals before anything is asked of the wallet; undefined when the vote can go. */
    const refusal = async (voter: string): Promise<string | undefined> => {
      const [live, now] = await Promise.all([dao.state(proposalId), dao.now()]);
      const times = { proposalId, voteStart: t.voteStart, deadline: t.deadline, now };
      const refused = voteStateRefusal({ ...times, state: live });
      if (refused !== undefined) return refused;
      const [weight, voted] = (await Promise.all([
        dao.governor.getVotes(voter, t.voteStart),
        dao.governor.hasVoted(proposalId, voter),
      ])) as [bigint, boolean];
      return voterRefusal({ proposalId, voter, voted, weight, voteStart: t.voteStart, now });
    };
    /** The connected voter, or undefined once the page has said why it cannot vote (the CLI's sentence). */
    const allowedVoter = async (): Promise<string | undefined> => {
      const voter = await (await ctx.signer()).getAddress();
      const refused = await refusal(voter);
      if (refused === undefined) return voter;
      ctx.notify("error", refused);
      return undefined;
    };
    voteButton.addEventListener("click", async () => {
      voteButton.disabled = true;
      try {
        const voter = await allowedVoter();
        if (voter === undefined) return;
        const support = chosen();
        const text = reason.value.trim();
        await sendSteps(ctx, status, [
          {
            label: `vote ${SUPPORT_NAMES[support]} on proposal ${proposalId}`,
            send: async (s) => {
              const g = new Contract(ctx.address("GaleonGovernor"), GOVERNOR_ABI, s);
              return (await (text === ""
                ? g.castVote(proposalId, support)
                : g.castVoteWithReason(proposalId, support, text))) as never;
            },
          },
        ]);
        ctx.notify(
          "ok",
          `${voter} voted ${SUPPORT_NAMES[support]} proposal ${proposalId}${text === "" ? "" : ` ("${text}")`}`,
        );
        await rerender();
      } catch (error) {
        if (!(error instanceof FlowError)) ctx.notify("error", (error as Error).message);
      } finally {
        voteButton.disabled = false;
      }
    });
    signButton.addEventListener("click", async () => {
      signButton.disabled = true;
      try {
        const voter = await allowedVoter();
        if (voter === undefined) return;
        const signer = await ctx.signer();
        let ballot;
        try {
          ballot = await signBallot(ctx, signer, proposalId, chosen(), reason.value.trim());
        } catch (error) {
          ctx.notify("error", failureSentence(error, "signing your vote", ctx));
          return;
        }
        const json = JSON.stringify(ballot, null, 2);
        const download = el(
          "a",
          {
            href: URL.createObjectURL(new Blob([json], { type: "application/json" })),
            download: `vote-${p.id.slice(0, 10)}-${voter.slice(0, 8)}.json`,
            class: "download",
          },
          "Download the signed vote",
        );
        const relayNow = el(
          "button",
          { type: "button", class: "relay-now secondary" },
          "Relay it now from this wallet",
        );
        relayNow.addEventListener("click", async () => await relay(ctx, json, status, rerender));
        signed.replaceChildren(
          el(
            "p",
            {},
            `Signed: ${SUPPORT_NAMES[ballot.support]} on proposal ${short(p.id)} by ${voter}. Nothing was sent: ` +
              "anyone can send this vote with castVoteBySig (Relay a signed vote, below), paying the gas.",
          ),
          el("pre", { class: "ballot", tabindex: "0", "aria-label": "Signed vote (JSON)" }, json),
          el("p", { class: "row" }, download, relayNow),
        );
        ctx.notify("ok", `Your vote on proposal ${short(p.id)} is signed: nothing was sent.`);
      } catch (error) {
        ctx.notify("error", (error as Error).message);
      } finally {
        signButton.disabled = false;
      }
    });
    box.append(
      el(
        "fieldset",
        { class: "vote-form" },
        el("legend", {}, "Your vote"),
        el("div", { class: "row" }, ...radios),
        field("Reason (optional, public)", reason),
        el("p", { class: "row" }, voteButton, signButton),
        signed,
      ),
    );
  }
  if (["Pending", "Active", "Succeeded", "Defeated", "Queued"].includes(state)) {
    const queueButton = el("button", { type: "button", class: "queue secondary" }, "Queue");
    queueButton.addEventListener("click", async () => {
      queueButton.disabled = true;
      try {
        const refused = await queueRefusalNow(dao, proposalId, t);
        if (refused !== undefined) {
          ctx.notify("error", refused);
          return;
        }
        await sendSteps(ctx, status, [
          {
            label: `queue proposal ${short(p.id)} in the timelock`,
            send: async (s) =>
              (await new Contract(ctx.address("GaleonGovernor"), GOVERNOR_ABI, s).queue(...calls)) as never,
          },
        ]);
        const eta = (await dao.governor.proposalEta(proposalId)) as bigint;
        ctx.notify(
          "ok",
          `Proposal ${proposalId} queued in the timelock: executable from ${when(eta, await dao.now())}`,
        );
        await rerender();
      } catch (error) {
        if (!(error instanceof FlowError)) ctx.notify("error", (error as Error).message);
      } finally {
        queueButton.disabled = false;
      }
    });
    if (state !== "Queued") box.append(queueButton);
  }
  if (state === "Queued" || state === "Succeeded") {
    const executeButton = el("button", { type: "button", class: "execute" }, "Execute");
    executeButton.addEventListener("click", async () => {
      executeButton.disabled = true;
      try {
        const [live, now, eta] = await Promise.all([
          dao.state(proposalId),
          dao.now(),
          dao.governor.proposalEta(proposalId) as Promise<bigint>,
        ]);
        const refused = executeRefusal({
          proposalId,
          state: live,
          voteStart: t.voteStart,
          deadline: t.deadline,
          now,
          eta,
        });
        if (refused !== undefined) {
          ctx.notify("error", refused);
          return;
        }
        await sendSteps(ctx, status, [
          {
            label: `execute proposal ${short(p.id)}`,
            send: async (s) =>
              (await new Contract(ctx.address("GaleonGovernor"), GOVERNOR_ABI, s).execute(...calls)) as never,
          },
        ]);
        ctx.notify("ok", `Proposal ${proposalId} executed.`);
        await rerender();
      } catch (error) {
        if (!(error instanceof FlowError)) ctx.notify("error", (error as Error).message);
      } finally {
        executeButton.disabled = false;
      }
    });
    box.append(executeButton);
  }
  box.append(status);
  return box;
}

/** `dao queue`'s refusal, before anything is sent, read as things are now (the tallies of a Defeated proposal, the ETA of a Queued one). */
async function queueRefusalNow(
  dao: DaoReader,
  proposalId: bigint,
  t: { deadline: bigint; voteStart: bigint },
): Promise<string | undefined> {
  const [state, now] = await Promise.all([dao.state(proposalId), dao.now()]);
  let tally;
  if (state === "Defeated") {
    const [[against, forVotes, abstain], needed] = (await Promise.all([
      dao.governor.proposalVotes(proposalId),
      dao.governor.quorum(t.voteStart),
    ])) as [[bigint, bigint, bigint], bigint];
    tally = { for: forVotes, against, reached: forVotes + abstain, needed };
  }
  const eta = state === "Queued" ? ((await dao.governor.proposalEta(proposalId)) as bigint) : undefined;
  const fmt = (v: bigint) => formatAmount(v, dao.galeon.decimals, dao.galeon.symbol);
  return queueRefusal({ proposalId, state, voteStart: t.voteStart, deadline: t.deadline, now, eta, tally, fmt });
}

function short(proposalId: string): string {
  return proposalId.length > 12 ? `${proposalId.slice(0, 6)}…${proposalId.slice(-4)}` : proposalId;
}

/* RELAYING A SIGNED VOTE */

async function relay(ctx: AppContext, text: string, status: HTMLElement, rerender: () => Promise<void>): Promise<void> {
  let ballot;
  try {
    ballot = parseBallot(ctx, text);
  } catch (error) {
    ctx.notify("error", (error as Error).message);
    return;
  }
  try {
    const governor = new Contract(ctx.address("GaleonGovernor"), GOVERNOR_ABI, ctx.read);
    if ((await governor.hasVoted(BigInt(ballot.proposalId), ballot.voter)) as boolean) {
      ctx.notify("error", alreadyVoted(ballot.voter, ballot.proposalId));
      return;
    }
    await sendSteps(ctx, status, [
      {
        label: `relay ${ballot.voter}'s vote ${SUPPORT_NAMES[ballot.support]} on proposal ${short(ballot.proposalId)}`,
        send: async (signer) => await relayBallot(ctx, signer, ballot),
      },
    ]);
    ctx.notify("ok", `${ballot.voter} voted ${SUPPORT_NAMES[ballot.support]} proposal ${ballot.proposalId} (relayed)`);
    await rerender();
  } catch (error) {
    if (!(error instanceof FlowError)) ctx.notify("error", (error as Error).message);
  }
}

function relaySection(ctx: AppContext, rerender: () => Promise<void>): HTMLElement {
  const text = el("textarea", { id: "ballot-json", rows: "6", spellcheck: "false" });
  const file = el("input", { type: "file", id: "ballot-file", accept: "application/json,.json" });
  file.addEventListener("change", async () => {
    const chosen = file.files?.[0];
    if (chosen !== undefined) text.value = await chosen.text();
  });
  const button = el("button", { type: "button", id: "relay" }, "Relay the vote");
  const status = txStatus();
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await relay(ctx, text.value, status, rerender);
    } finally {
      button.disabled = false;
    }
  });
  return el(
    "section",
    { class: "card", id: "relay-section", "aria-labelledby": "relay-title" },
    el("h3", { id: "relay-title" }, "Relay a signed vote"),
    el(
      "p",
      {},
      "A voter who signed a vote (Sign for someone to relay) sends you its file: open or paste it here, and " +
        "your wallet sends it to the Governor (castVoteBySig). The vote counts as theirs; you pay the gas.",
    ),
    field("Signed vote file", file),
    field("Signed vote (JSON)", text),
    button,
    status,
  );
}
