import type { Contract } from "ethers";
import { expect } from "chai";
import { network } from "hardhat";

import { PAIR_ARTIFACT, PAIR_INIT_CODE_HASH } from "../../../deploy/modules/uniswapArtifacts.js";
import { deployLocalBuyback, E6, E18, EURC_LIQUIDITY, GALEON_LIQUIDITY } from "../buyback/localDexFixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture } = networkHelpers;

async function fixture() {
  return deployLocalBuyback(connection);
}

describe("LocalDex (real Uniswap V2 from the npm artifacts)", function () {
  it("deploys the pair bytecode whose init code hash UniswapV2Router02 hard-codes", async function () {
    const { factory, eurc, galeon, pair } = await loadFixture(fixture);
    expect(ethers.keccak256(PAIR_ARTIFACT.bytecode)).to.equal(PAIR_INIT_CODE_HASH);
    const [token0, token1] = [await eurc.getAddress(), await galeon.getAddress()].sort((a, b) =>
      BigInt(a) < BigInt(b) ? -1 : 1,
    );
    const salt = ethers.keccak256(ethers.solidityPacked(["address", "address"], [token0, token1]));
    const predicted = ethers.getCreate2Address(await factory.getAddress(), salt, PAIR_INIT_CODE_HASH);
    expect(await factory.getPair(token0, token1)).to.equal(predicted);
    expect(await pair.getAddress()).to.equal(predicted);
    expect(await pair.token0()).to.equal(token0);
  });

  it("seeds the 6-decimal tEURC / GALEON pair through the router", async function () {
    const { eurc, galeon, pair } = await loadFixture(fixture);
    expect(await eurc.name()).to.equal("Test Euro");
    expect(await eurc.symbol()).to.equal("tEURC");
    expect(await eurc.decimals()).to.equal(6n);
    const [reserve0, reserve1] = await pair.getReserves();
    const eurcIs0 = (await pair.token0()) === (await eurc.getAddress());
    expect(eurcIs0 ? reserve0 : reserve1).to.equal(EURC_LIQUIDITY);
    expect(eurcIs0 ? reserve1 : reserve0).to.equal(GALEON_LIQUIDITY);
    expect(await galeon.balanceOf(await pair.getAddress())).to.equal(GALEON_LIQUIDITY);
  });

  it("swaps tEURC for GALEON through UniswapV2Router02 at the quoted amount", async function () {
    const { eurc, galeon, router, trader } = await loadFixture(fixture);
    const amountIn = 1_000n * E6;
    await eurc.mint(trader.address, amountIn);
    await eurc.connect(trader).approve(await router.getAddress(), amountIn);
    const path = [await eurc.getAddress(), await galeon.getAddress()];
    const [, quoted] = await router.getAmountsOut(amountIn, path);
    expect(quoted).to.be.greaterThan(9_900n * E18); // ~10 GALEON per tEURC less fee and impact
    const before = await galeon.balanceOf(trader.address);
    await (router.connect(trader) as Contract).swapExactTokensForTokens(
      amountIn,
      quoted,
      path,
      trader.address,
      ethers.MaxUint256,
    );
    expect((await galeon.balanceOf(trader.address)) - before).to.equal(quoted);
    expect(await eurc.balanceOf(trader.address)).to.equal(0n);
  });
});
