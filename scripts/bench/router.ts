import { id } from "ethers";

import { packUsage, signQuote, type Quote } from "../../domain/quotes/quote.js";
import { type BenchSection, benchNow, type GasRow, gasOf } from "./types.js";

/**
 * Data-access router: purchases naming 1, 19 and 100 hospitals (ids 0.., registered in order),
 * a hospital claim and a payout rotation. Steady state = every slot touched already holds a
 * balance (an earlier purchase credited the same hospitals and parties). A real 6-decimal
 * TestStablecoin, paid by a plain (unlimited) allowance.
 */
export const routerBench: BenchSection = async ({ ethers }) => {
  const [admin, attestor, buyer, treasury, buyback, galeon, ...rest] = await ethers.getSigners();
  const hospital = rest[0];
  const eurc = await ethers.deployContract("TestStablecoin", ["Test Euro", "tEURC", 6]);
  const router = await ethers.deployContract("DataAccessRouter", [
    admin.address,
    ethers.ZeroAddress,
    0,
    attestor.address,
    [treasury.address, buyback.address, galeon.address],
    [await eurc.getAddress()],
  ]);
  const routerAddress = await router.getAddress();
  const chainId = (await ethers.provider.getNetwork()).chainId;
  // 300 registered hospitals: the cost must not depend on how many exist.
  for (let i = 0; i < 300; i++) {
    await (await router.register(i, hospital.address, id(`hospital-${i}`))).wait();
  }
  await (await eurc.mint(buyer.address, 10n ** 15n)).wait();
  await (await eurc.connect(buyer).approve(routerAddress, ethers.MaxUint256)).wait();

  let nonce = 0;
  async function buy(ids: number[]): Promise<bigint> {
    const now = await benchNow(ethers);
    const quote: Quote = {
      // A realistic (random-looking) access id: its calldata costs like a real one.
      accessId: id(`access-${++nonce}`),
      buyer: buyer.address,
      payer: ethers.ZeroAddress,
      token: await eurc.getAddress(),
      amount: 10_000_000_000n,
      deadline: now + 2n * 3600n,
      accessExpiry: now + 30n * 86400n,
      usage: ids.map((h, j) => packUsage({ hospitalId: h, units: BigInt(1000 + j * 7) })),
      jobHash: id(`job-${nonce}`),
      permitId: id(`permit-${nonce}`),
      permitExpiry: now + 365n * 86400n,
      renews: ethers.ZeroHash,
    };
    const signature = await signQuote(attestor, chainId, routerAddress, quote);
    return gasOf(router.connect(buyer).purchase(quote, signature, quote.amount));
  }
  const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

  // Warm-up: the payee slots of the token hold a balance.
  await buy([299]);
  const k19First = await buy(range(0, 19));
  const k19 = await buy(range(0, 19));
  const k1 = await buy([0]);
  await buy(range(100, 100));
  const k100 = await buy(range(100, 100));
  // 19 ids spread over 19 balance slots and 2 bitmap words: the worst case layout.
  const spread = range(0, 19).map((i) => i * 14 + 1);
  await buy(spread);
  const k19Spread = await buy(spread);

  const tokens = [await eurc.getAddress()];
  // Claim: hospital 0 has earned from many purchases; its payout already holds the token.
  const claimFirst = await gasOf(router.claimHospital(300 - 1, tokens));
  await buy([0]);
  const claim = await gasOf(router.claimHospital(0, tokens));
  const setPayout = await gasOf(router.connect(hospital).setPayout(0, rest[1].address));

  const rows: GasRow[] = [
    { key: "purchase_k1", gas: k1, label: "router purchase, 1 hospital", budget: 100_000n },
    { key: "purchase_k19", gas: k19, label: "router purchase, 19 hospitals (ids 0-18)", budget: 200_000n },
    { key: "purchase_k100", gas: k100, label: "router purchase, 100 hospitals", budget: k1 + 99n * 6_500n },
    { key: "purchase_k19_first", gas: k19First, label: "router purchase, 19 hospitals, first credit" },
    { key: "purchase_k19_spread", gas: k19Spread, label: "router purchase, 19 hospitals, ids 14 apart" },
    { key: "claim", gas: claim, label: "hospital claim, one token", budget: 50_000n },
    { key: "claim_first", gas: claimFirst, label: "hospital claim, one token, payout's first receipt" },
    { key: "set_payout", gas: setPayout, label: "hospital payout rotation" },
  ];
  return rows;
};
