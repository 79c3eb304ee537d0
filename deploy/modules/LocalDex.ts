import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import GaleonTokenModule from "./GaleonToken.js";
import { FACTORY_ARTIFACT, PAIR_ARTIFACT, ROUTER_ARTIFACT, WETH9_ARTIFACT } from "./uniswapArtifacts.js";

const MAX_UINT256 = 2n ** 256n - 1n;

/**
 * Local networks only: the real Uniswap V2 (WETH9, factory, router 02) deployed from the npm build
 * artifacts, a 6-decimal test euro ("Test Euro", "tEURC", open faucet) and a tEURC/GALEON pair
 * seeded through the router by the deployer, who must hold `galeonLiquidity` $GALEON (see the
 * GaleonToken module's allocation list). Default price: 10 GALEON per tEURC.
 */
export default buildModule("LocalDex", (m) => {
  const deployer = m.getAccount(0);
  const eurcLiquidity = m.getParameter<bigint>("eurcLiquidity", 1_000_000n * 10n ** 6n);
  const galeonLiquidity = m.getParameter<bigint>("galeonLiquidity", 10_000_000n * 10n ** 18n);

  const { token: galeon } = m.useModule(GaleonTokenModule);
  const weth = m.contract("WETH9", WETH9_ARTIFACT, []);
  const factory = m.contract("UniswapV2Factory", FACTORY_ARTIFACT, [deployer]);
  const router = m.contract("UniswapV2Router02", ROUTER_ARTIFACT, [factory, weth]);
  const eurc = m.contract("TestStablecoin", ["Test Euro", "tEURC", 6], { id: "TestEuro" });

  const minted = m.call(eurc, "mint", [deployer, eurcLiquidity], { id: "MintEurcLiquidity" });
  const eurcApproved = m.call(eurc, "approve", [router, eurcLiquidity], { id: "ApproveEurc" });
  const galeonApproved = m.call(galeon, "approve", [router, galeonLiquidity], { id: "ApproveGaleon" });
  const seeded = m.call(
    router,
    "addLiquidity",
    [eurc, galeon, eurcLiquidity, galeonLiquidity, eurcLiquidity, galeonLiquidity, deployer, MAX_UINT256],
    { id: "SeedPair", after: [minted, eurcApproved, galeonApproved] },
  );
  const pairAddress = m.staticCall(factory, "getPair", [eurc, galeon], 0, { id: "PairAddress", after: [seeded] });
  const pair = m.contractAt("UniswapV2Pair", PAIR_ARTIFACT, pairAddress);

  return { galeon, weth, factory, router, eurc, pair };
});
