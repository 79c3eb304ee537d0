import { type BenchSection, gasOf } from "./types.js";

/** $GALEON: delegation (the DAO's entry point for a holder), a transfer and a burn. */
export const tokenBench: BenchSection = async ({ ethers }) => {
  const [holder, other, delegatee] = await ethers.getSigners();
  const supply = 1_000_000_000n * 10n ** 18n;
  const token = await ethers.deployContract("GaleonToken", [
    [holder.address, other.address],
    [supply / 2n, supply / 2n],
  ]);
  // Steady state: the delegatee already holds votes, so checkpoints exist on both sides.
  await (await token.connect(other).delegate(delegatee.address)).wait();
  const delegate = await gasOf(token.connect(holder).delegate(delegatee.address));
  const transfer = await gasOf(token.connect(holder).transfer(other.address, 10n ** 18n));
  const burn = await gasOf(token.connect(holder).burn(10n ** 18n));
  return [
    { key: "delegate", gas: delegate, label: "$GALEON delegate (to a delegate with votes)", budget: 100_000n },
    { key: "token_transfer", gas: transfer, label: "$GALEON transfer (both holders delegate to the same account)" },
    { key: "token_burn", gas: burn, label: "$GALEON burn (delegated holder, new checkpoints)" },
  ];
};
