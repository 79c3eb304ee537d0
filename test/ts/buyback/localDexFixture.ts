import type { Contract } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import LocalBuybackModule from "../../../deploy/modules/LocalBuyback.js";
import { FACTORY_ARTIFACT, PAIR_ARTIFACT, ROUTER_ARTIFACT } from "../../../deploy/modules/uniswapArtifacts.js";
import type { BuybackBurner, GaleonToken, TestStablecoin } from "../../../typechain-types/index.js";

export const E6 = 10n ** 6n;
export const E18 = 10n ** 18n;
export const SUPPLY = 1_000_000_000n * E18;
export const EURC_LIQUIDITY = 1_000_000n * E6;
export const GALEON_LIQUIDITY = 10_000_000n * E18;
export const EURC_LOT = 10_000n * E6;
export const Q112 = 2n ** 112n;

/**
 * The local chain as in production: the real Uniswap V2 from the npm artifacts, a seeded
 * tEURC/GALEON pair and the buy-back wired to it, all through the Ignition modules.
 * The deployer holds 90% of $GALEON (10M of it seeds the pair); the trader holds the rest.
 */
export async function deployLocalBuyback({ ethers, ignition }: NetworkConnection) {
  const [deployer, trader, keeper, guardian, stranger] = await ethers.getSigners();
  const deployed = await ignition.deploy(LocalBuybackModule, {
    parameters: {
      GaleonToken: {
        recipients: [deployer.address, trader.address],
        amounts: [((SUPPLY * 9n) / 10n).toString(), (SUPPLY / 10n).toString()],
      },
      // The deployer configures the burner and stays its admin (offered to itself, it need not accept).
      LocalBuyback: { admin: deployer.address },
    },
  });
  const galeon = (await ethers.getContractAt(
    "GaleonToken",
    await deployed.galeon.getAddress(),
  )) as unknown as GaleonToken;
  const eurc = (await ethers.getContractAt(
    "TestStablecoin",
    await deployed.eurc.getAddress(),
  )) as unknown as TestStablecoin;
  const burner = (await ethers.getContractAt(
    "BuybackBurner",
    await deployed.burner.getAddress(),
  )) as unknown as BuybackBurner;
  const router = (await ethers.getContractAt(
    ROUTER_ARTIFACT.abi,
    await deployed.router.getAddress(),
  )) as unknown as Contract;
  const pair = (await ethers.getContractAt(PAIR_ARTIFACT.abi, await deployed.pair.getAddress())) as unknown as Contract;
  const factory = (await ethers.getContractAt(
    FACTORY_ARTIFACT.abi,
    await deployed.factory.getAddress(),
  )) as unknown as Contract;
  return { galeon, eurc, burner, router, pair, factory, deployer, trader, keeper, guardian, stranger };
}
