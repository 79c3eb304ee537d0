import { id } from "ethers";

import { packUsage, signQuote, type Quote } from "../../domain/quotes/quote.js";
import { type BenchSection, benchNow, type GasRow, gasOf } from "./types.js";

/**
 * Job escrow: funding a lock, settling it on 1 and 19 hospitals (ids 0..18, the same layout as the
 * router's `purchase_k1` / `purchase_k19`, so the two compare) and refunding one after its deadline.
 * Steady state as in the router's section: every balance slot touched already holds a balance, the
 * payer already holds the token (its refund is not its first receipt). Target: settling k hospitals
 * costs at most a purchase of k hospitals plus 40,000 gas; the purchase is measured here on the same
 * chain, right before, with the same amounts and usage.
 */
export const escrowBench: BenchSection = async ({ ethers, networkHelpers }) => {
  const [admin, attestor, buyer, treasury, buyback, galeon, payer, ...rest] = await ethers.getSigners();
  const hospital = rest[0];
  const eurc = await ethers.deployContract("TestStablecoin", ["Test Euro", "tEURC", 6]);
  const eurcAddress = await eurc.getAddress();
  const router = await ethers.deployContract("DataAccessRouter", [
    admin.address,
    ethers.ZeroAddress,
    0,
    attestor.address,
    [treasury.address, buyback.address, galeon.address],
    [eurcAddress],
  ]);
  const routerAddress = await router.getAddress();
  const escrow = await ethers.deployContract("JobEscrow", [admin.address, ethers.ZeroAddress, 0, routerAddress]);
  const escrowAddress = await escrow.getAddress();
  const chainId = (await ethers.provider.getNetwork()).chainId;
  for (let i = 0; i < 20; i++) {
    await (await router.register(i, hospital.address, id(`hospital-${i}`))).wait();
  }
  for (const account of [buyer, payer]) {
    await (await eurc.mint(account.address, 10n ** 15n)).wait();
    await (await eurc.connect(account).approve(routerAddress, ethers.MaxUint256)).wait();
    await (await eurc.connect(account).approve(escrowAddress, ethers.MaxUint256)).wait();
  }

  const amount = 10_000_000_000n;
  const maxAmount = 12_500_000_000n;
  let nonce = 0;
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  async function quoteFor(accessId: string, quotePayer: string, jobHash: string, ids: number[]): Promise<Quote> {
    const now = await benchNow(ethers);
    return {
      accessId,
      buyer: buyer.address,
      payer: quotePayer,
      token: eurcAddress,
      amount,
      deadline: now + 2n * 3600n,
      accessExpiry: now + 30n * 86400n,
      usage: ids.map((h, j) => packUsage({ hospitalId: h, units: BigInt(1000 + j * 7) })),
      jobHash,
      permitId: id(`permit-${nonce}`),
      permitExpiry: now + 365n * 86400n,
      renews: ethers.ZeroHash,
    };
  }
  async function purchase(ids: number[]): Promise<bigint> {
    const quote = await quoteFor(id(`access-${++nonce}`), ethers.ZeroAddress, id(`job-${nonce}`), ids);
    const signature = await signQuote(attestor, chainId, routerAddress, quote);
    return gasOf(router.connect(buyer).purchase(quote, signature, quote.amount));
  }
  async function fund(): Promise<{ gas: bigint; lockId: string; jobHash: string }> {
    const jobHash = id(`job-${++nonce}`);
    const salt = id(`salt-${nonce}`);
    const terms = {
      buyer: buyer.address,
      token: eurcAddress,
      maxAmount,
      autoSettleLimit: maxAmount,
      settleBy: (await benchNow(ethers)) + 7n * 86400n,
      jobHash,
      salt,
    };
    const lockId = await escrow.lockIdOf(payer.address, buyer.address, jobHash, salt);
    return { gas: await gasOf(escrow.connect(payer).fund(terms)), lockId, jobHash };
  }
  async function settle(ids: number[]): Promise<bigint> {
    const { lockId, jobHash } = await fund();
    const quote = await quoteFor(lockId, escrowAddress, jobHash, ids);
    const signature = await signQuote(attestor, chainId, routerAddress, quote);
    // Submitted by a keeper (anyone may): the attestor's signature is all it needs.
    return gasOf(escrow.connect(rest[1]).settle(quote, signature, "0x"));
  }

  // Warm-up: every party and hospital 0..18 holds a balance; the escrow has held the token before.
  await purchase(range(19));
  await settle(range(19));
  const purchaseK1 = await purchase([0]);
  const settleK1 = await settle([0]);
  const purchaseK19 = await purchase(range(19));
  const settleK19 = await settle(range(19));
  const { gas: fundGas, lockId } = await fund();
  await networkHelpers.time.increase(8 * 86400);
  const refund = await gasOf(escrow.connect(rest[1]).refund(lockId));

  const rows: GasRow[] = [
    { key: "job_fund", gas: fundGas, label: "escrow fund (lock a job's maximum)" },
    {
      key: "job_settle_k1",
      gas: settleK1,
      label: "escrow settle, 1 hospital (split + refund of the rest)",
      budget: purchaseK1 + 40_000n,
    },
    {
      key: "job_settle_k19",
      gas: settleK19,
      label: "escrow settle, 19 hospitals (ids 0-18)",
      budget: purchaseK19 + 40_000n,
    },
    { key: "job_refund", gas: refund, label: "escrow refund after the deadline" },
  ];
  return rows;
};
