/**
 * `npm run demo` (`hardhat demo [--json]`): the main job on Hardhat's in-process chain, with nothing
 * to set up beyond `npm ci`.
 *
 * 0. Builds the contracts (a fresh clone has no artifacts; nothing to do once built).
 * 1. Deploys the whole local suite through the same Ignition module operators use on a node
 *    (real Uniswap V2 from npm artifacts, tEURC, a seeded tEURC/GALEON pool, five hospitals), with
 *    every admin power handed to the DAO timelock.
 * 2. A data buyer pays 10,000,000 tEURC for one job that used 3,000,000 records from five hospitals,
 *    with a quote signed by the attestor (EIP-712); the split is printed: 4 / 3 / 2 / 1 million and
 *    each hospital's share, pro rata to its records.
 * 3. After the 30-minute price window, a keeper runs the buy-back: $GALEON is bought on the pool
 *    within the TWAP band and burned (supply before and after).
 * 4. The hospitals claim; the treasury and Galeon collect their legs.
 * 5. The DAO proposes, votes, queues and executes a treasury grant.
 * 6. A metered job: the buyer locks 10,000,000 tEURC in the job escrow for a job quoted on 3,000,000
 *    records; one hospital's node was offline, so it ran on 2,400,000. The coordinator settles on the
 *    measured usage (8,000,000 tEURC, pro rata to the records used), the split follows it, and the
 *    buyer gets the 2,000,000 tEURC not used back in the same transaction.
 */
import { id, keccak256, toUtf8Bytes } from "ethers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

import LocalSuiteModule, { LOCAL_HOSPITALS } from "../../../../deploy/modules/LocalSuite.js";
import localParameters from "../../../../deploy/parameters/local.json" with { type: "json" };
import { formatAmount } from "../../../../domain/amounts/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { localSuiteContracts } from "../../../lib/localSuite.js";
import { findEvent } from "../../../../domain/chain/logs.js";
import { renderTable } from "../../../lib/output.js";
import { NO_RENEWAL, packUsage, permitIdOf, type Quote, signQuote } from "../../../../domain/quotes/quote.js";

const E6 = 10n ** 6n;
const PRICE = 10_000_000n * E6;
/** Records each hospital's data contributed to the job: 3,000,000 in all. */
const RECORDS = [900_000n, 750_000n, 600_000n, 450_000n, 300_000n];
const GRANT = 250_000n * E6;
const PROPOSAL_STATES = ["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed"];

interface DemoArgs extends CommonTaskArgs {
  json: boolean;
}

export default galeonAction(async (args: DemoArgs, ctx) => {
  const indent = (text: string) =>
    text
      .split("\n")
      .map((l) => `   ${l}`)
      .join("\n");
  const say = (line = "") => {
    if (!args.json) console.log(line);
  };
  // A fresh clone has no build yet: compile first, as `hardhat test` and `hardhat run` do (nothing to
  // do when the build is up to date). Compiler warnings, if any, go to stderr.
  say("0. Building the contracts (a minute or two on a fresh clone, instant once built)...");
  await ctx.hre.tasks.getTask("build").run({ quiet: true, noTests: true });
  const { ethers, ignition, networkHelpers } = await ctx.hre.network.create();
  const { time } = networkHelpers;
  const signers = await ethers.getSigners();
  const [operator, attestor, buyer] = signers;
  const holder = signers[8];
  // A research programme's address: not one of the dev accounts.
  const grantee = { address: ethers.getAddress(`0x${id("galeon-demo-research-programme").slice(26)}`) };

  // 1. Deploy.
  say("1. Deploying the suite with the LocalSuite Ignition module (real Uniswap V2, tEURC, five hospitals)...");
  const deployed = await ignition.deploy(LocalSuiteModule, {
    parameters: localParameters as never,
    displayUi: false,
  });
  const {
    token: galeon,
    router,
    burner,
    treasury,
    governor,
    timelock,
    eurc,
    escrow,
  } = await localSuiteContracts(ethers, deployed);
  const [routerAddress, eurcAddress, timelockAddress] = await Promise.all([
    router.getAddress(),
    eurc.getAddress(),
    timelock.getAddress(),
  ]);
  const eur = (v: bigint) => formatAmount(v, 6, "tEURC");
  const glx = (v: bigint) => formatAmount(v, 18, "GALEON");
  say(
    indent(
      renderTable([
        ["$GALEON", await galeon.getAddress()],
        ["DataAccessRouter (+ hospital registry)", routerAddress],
        ["BuybackBurner", await burner.getAddress()],
        ["GaleonGovernor", await governor.getAddress()],
        ["TimelockController (owns every power)", timelockAddress],
        ["GaleonTreasury", await treasury.getAddress()],
        ["tEURC (6 decimals)", eurcAddress],
      ]),
    ),
  );
  say(`   router owner == timelock: ${(await router.owner()) === timelockAddress}`);

  // Holders delegate before anything is proposed, so their votes count at the snapshot.
  await (await galeon.connect(operator).delegate(operator.address)).wait();
  await (await galeon.connect(holder).delegate(holder.address)).wait();

  // 2. A purchase.
  say();
  say(`2. A data buyer pays ${eur(PRICE)} for one job over 3,000,000 records from five hospitals.`);
  await (await eurc.connect(buyer).mint(buyer.address, PRICE)).wait();
  await (await eurc.connect(buyer).approve(routerAddress, PRICE)).wait();
  const { chainId } = await ethers.provider.getNetwork();
  const now = BigInt(await time.latest());
  const quote: Quote = {
    accessId: id("galeon-demo-access-1"),
    buyer: buyer.address,
    payer: ethers.ZeroAddress,
    token: eurcAddress,
    amount: PRICE,
    deadline: now + 3600n,
    accessExpiry: now + 30n * 86_400n,
    usage: LOCAL_HOSPITALS.map((h, i) => packUsage({ hospitalId: h.id, units: RECORDS[i] })),
    // Only a hash of the job, data permit and purpose goes on chain.
    jobHash: keccak256(toUtf8Bytes(JSON.stringify({ model: "sha256:demo-model", permit: "DP-0001", purpose: "P3" }))),
    // The data permit is named by its id (a hash of the access body's permit number), and outlives the access.
    permitId: permitIdOf("DP-0001"),
    permitExpiry: now + 365n * 86_400n,
    renews: NO_RENEWAL,
  };
  const signature = await signQuote(attestor, chainId, routerAddress, quote);
  const paid = await (await router.connect(buyer).purchase(quote, signature, PRICE)).wait();
  const purchased = findEvent(router.interface, paid!.logs, "Purchased");
  if (purchased === undefined) throw new Error("the purchase emitted no Purchased event");
  const [hospitalsPart, treasuryPart, buybackPart, galeonPart] = purchased.args.parts as bigint[];
  const credits = (purchased.args.credits as bigint[]).map((c) => BigInt(c));
  const split = { hospitals: hospitalsPart, treasury: treasuryPart, buyback: buybackPart, galeon: galeonPart };
  say(
    indent(
      renderTable(
        [
          ["hospitals (40%)", eur(split.hospitals)],
          ["DAO treasury (30%)", eur(split.treasury)],
          ["buy-back and burn (20%)", eur(split.buyback)],
          ["Galeon (10%)", eur(split.galeon)],
          ["total", eur(split.hospitals + split.treasury + split.buyback + split.galeon)],
        ],
        ["part", "amount"],
      ),
    ),
  );
  say();
  say(
    indent(
      renderTable(
        LOCAL_HOSPITALS.map((h, i) => [`hospital ${h.id}`, RECORDS[i].toLocaleString("en-US"), eur(credits[i])]),
        ["hospital", "records", "credited"],
      ),
    ),
  );
  say(`   access ${quote.accessId.slice(0, 10)}... valid: ${await router.isAccessValid(quote.accessId)}`);

  // 3. Buy-back and burn.
  say();
  say("3. Waiting for the 30-minute price window, then a keeper runs the buy-back...");
  await time.increase(31 * 60);
  const supplyBefore = await galeon.totalSupply();
  const executed = await (await burner.connect(signers[9]).execute(eurcAddress)).wait();
  const event = findEvent(burner.interface, executed!.logs, "BuybackExecuted");
  if (event === undefined) throw new Error("the buy-back emitted no BuybackExecuted event");
  const supplyAfter = await galeon.totalSupply();
  const burned = supplyBefore - supplyAfter;
  const spent = event.args.amountIn as bigint;
  say(
    indent(
      renderTable([
        ["tEURC spent (one lot, within the 2% TWAP band)", eur(spent)],
        ["GALEON bought and burned", glx(burned)],
        ["supply before", glx(supplyBefore)],
        ["supply after", glx(supplyAfter)],
        ["buy-back leg still to spend", eur(await eurc.balanceOf(await burner.getAddress()))],
      ]),
    ),
  );

  // 4. Claims.
  say();
  say("4. The hospitals claim (pull payments to their registered payout addresses); treasury and Galeon collect.");
  const claims: Array<{ hospitalId: number; payout: string; amount: bigint }> = [];
  for (const [i, h] of LOCAL_HOSPITALS.entries()) {
    const payout = signers[h.account] as HardhatEthersSigner;
    const before = await eurc.balanceOf(payout.address);
    await (await router.connect(payout).claimHospital(h.id, [eurcAddress])).wait();
    const amount = (await eurc.balanceOf(payout.address)) - before;
    if (amount !== credits[i]) throw new Error(`hospital ${h.id} received ${amount}, not its credit ${credits[i]}`);
    claims.push({ hospitalId: h.id, payout: payout.address, amount });
  }
  await (await treasury.collect(routerAddress, [eurcAddress])).wait();
  await (await router.withdrawPayee(2, [eurcAddress])).wait();
  say(
    indent(
      renderTable(
        claims.map((c) => [`hospital ${c.hospitalId}`, c.payout, eur(c.amount)]),
        ["hospital", "payout address", "claimed"],
      ),
    ),
  );
  say(`   treasury holds ${eur(await treasury.balanceOf(eurcAddress))}; Galeon received ${eur(split.galeon)}`);

  // 5. Governance.
  say();
  say(`5. The DAO grants ${eur(GRANT)} from the treasury to a research programme.`);
  const targets = [await treasury.getAddress()];
  const values = [0n];
  const calldatas = [treasury.interface.encodeFunctionData("transferToken", [eurcAddress, grantee.address, GRANT])];
  const description = "Grant 250,000 tEURC to the swarm-learning research programme";
  const descriptionHash = id(description);
  await (await governor.connect(operator).propose(targets, values, calldatas, description)).wait();
  const proposalId = await governor.hashProposal(targets, values, calldatas, descriptionHash);
  await time.increase((await governor.votingDelay()) + 1n);
  await (await governor.connect(operator).castVoteWithReason(proposalId, 1, "funds open research")).wait();
  await (await governor.connect(holder).castVote(proposalId, 1)).wait();
  const [against, forVotes, abstain] = await governor.proposalVotes(proposalId);
  await time.increase((await governor.votingPeriod()) + 1n);
  await (await governor.queue(targets, values, calldatas, descriptionHash)).wait();
  await time.increase((await timelock.getMinDelay()) + 1n);
  const granteeBefore = await eurc.balanceOf(grantee.address);
  await (await governor.execute(targets, values, calldatas, descriptionHash)).wait();
  const granted = (await eurc.balanceOf(grantee.address)) - granteeBefore;
  const proposalState = PROPOSAL_STATES[Number(await governor.state(proposalId))];
  say(
    indent(
      renderTable([
        ["proposal", `${proposalId.toString().slice(0, 12)}...`],
        ["votes for / against / abstain", `${glx(forVotes)} / ${glx(against)} / ${glx(abstain)}`],
        ["state", proposalState],
        ["grantee received", eur(granted)],
      ]),
    ),
  );

  // 6. A metered job.
  say();
  say(`6. A metered job: the buyer locks ${eur(PRICE)} for a job quoted on 3,000,000 records from five hospitals.`);
  const escrowAddress = await escrow.getAddress();
  await (await eurc.connect(buyer).mint(buyer.address, PRICE)).wait();
  await (await eurc.connect(buyer).approve(escrowAddress, PRICE)).wait();
  const meteredJob = keccak256(
    toUtf8Bytes(JSON.stringify({ model: "sha256:demo-model-2", permit: "DP-0001", purpose: "P3" })),
  );
  const lockedAt = BigInt(await time.latest());
  const salt = id("galeon-demo-metered-job");
  const terms = {
    buyer: buyer.address,
    token: eurcAddress,
    maxAmount: PRICE,
    autoSettleLimit: PRICE,
    settleBy: lockedAt + 14n * 86_400n,
    jobHash: meteredJob,
    salt,
  };
  await (await escrow.connect(buyer).fund(terms)).wait();
  const lockId = await escrow.lockIdOf(buyer.address, buyer.address, meteredJob, salt);
  // Hospital 3's node was offline: the job ran on the four others' records.
  const offline = LOCAL_HOSPITALS[2].id;
  const measured = LOCAL_HOSPITALS.map((h, i) => ({ hospitalId: h.id, units: RECORDS[i] })).filter(
    (u) => u.hospitalId !== offline,
  );
  const quotedRecords = RECORDS.reduce((a, b) => a + b, 0n);
  const measuredRecords = measured.reduce((a, u) => a + u.units, 0n);
  // The same price per record as quoted: the amount due follows the records used.
  const due = (PRICE * measuredRecords) / quotedRecords;
  const settledAt = BigInt(await time.latest());
  const settlement: Quote = {
    accessId: lockId,
    buyer: buyer.address,
    payer: escrowAddress,
    token: eurcAddress,
    amount: due,
    deadline: settledAt + 3600n,
    accessExpiry: settledAt + 30n * 86_400n,
    usage: measured.map(packUsage),
    jobHash: meteredJob,
    permitId: permitIdOf("DP-0001"),
    permitExpiry: settledAt + 365n * 86_400n,
    renews: NO_RENEWAL,
  };
  const buyerBefore = await eurc.balanceOf(buyer.address);
  // Anyone may submit the coordinator's signed settlement: here a keeper.
  const settledReceipt = await (
    await escrow
      .connect(signers[9])
      .settle(settlement, await signQuote(attestor, chainId, routerAddress, settlement), "0x")
  ).wait();
  const refunded = (await eurc.balanceOf(buyer.address)) - buyerBefore;
  const meteredPurchase = findEvent(router.interface, settledReceipt!.logs, "Purchased");
  if (meteredPurchase === undefined) throw new Error("the settlement emitted no Purchased event");
  const mp = (meteredPurchase.args.parts as bigint[]).map((v) => BigInt(v));
  const meteredSplit = { hospitals: mp[0], treasury: mp[1], buyback: mp[2], galeon: mp[3] };
  const meteredCredits = (meteredPurchase.args.credits as bigint[]).map((c) => BigInt(c));
  say(
    indent(
      renderTable([
        ["locked by the buyer", eur(PRICE)],
        ["records quoted", quotedRecords.toLocaleString("en-US")],
        [`records used (hospital ${offline}'s node offline)`, measuredRecords.toLocaleString("en-US")],
        ["due, settled on the measured usage", eur(due)],
        ["back to the buyer, same transaction", eur(refunded)],
      ]),
    ),
  );
  say();
  say(
    indent(
      renderTable(
        [
          ["hospitals (40%)", eur(meteredSplit.hospitals)],
          ["DAO treasury (30%)", eur(meteredSplit.treasury)],
          ["buy-back and burn (20%)", eur(meteredSplit.buyback)],
          ["Galeon (10%)", eur(meteredSplit.galeon)],
        ],
        ["part", "amount"],
      ),
    ),
  );
  say();
  say(
    indent(
      renderTable(
        measured.map((u, i) => [`hospital ${u.hospitalId}`, u.units.toLocaleString("en-US"), eur(meteredCredits[i])]),
        ["hospital", "records used", "credited"],
      ),
    ),
  );
  say(`   job ${lockId.slice(0, 10)}... settled once; access valid: ${await router.isAccessValid(lockId)}`);

  say();
  say("Summary");
  const summary = renderTable([
    ["paid by the buyer", eur(PRICE)],
    [
      "to hospitals / treasury / buy-back / Galeon",
      [split.hospitals, split.treasury, split.buyback, split.galeon].map(eur).join(" / "),
    ],
    ["GALEON burned", glx(burned)],
    ["hospitals claimed", eur(claims.reduce((s, c) => s + c.amount, 0n))],
    ["treasury grant", `${eur(granted)} (${proposalState})`],
    ["metered job: locked / paid / back to the buyer", [PRICE, due, refunded].map(eur).join(" / ")],
  ]);
  return {
    data: {
      price: PRICE,
      split,
      hospitals: LOCAL_HOSPITALS.map((h, i) => ({ hospitalId: h.id, records: RECORDS[i], credit: credits[i] })),
      buyback: { spent, burned },
      burned,
      supplyBefore,
      supplyAfter,
      claims,
      grant: { proposalId, amount: granted, votes: { for: forVotes, against, abstain } },
      proposalState,
      metered: {
        lockId,
        locked: PRICE,
        quotedRecords,
        measuredRecords,
        offlineHospital: offline,
        paid: due,
        refunded,
        split: meteredSplit,
        hospitals: measured.map((u, i) => ({ hospitalId: u.hospitalId, records: u.units, credit: meteredCredits[i] })),
      },
    },
    text: summary,
  };
});
