import { expect } from "chai";
import { id } from "ethers";
import { network } from "hardhat";

import HospitalRegistryModule from "../../../deploy/modules/HospitalRegistry.js";
import type { DataAccessRouter } from "../../../typechain-types/index.js";
import { BUYBACK, makeQuote, sign } from "../payments/fixtures.js";
import { deployLocalBuyback, E6, E18 } from "./localDexFixture.js";

const connection = await network.create();
const { ethers, ignition, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;

/** The buy-back on the local DEX, fed by the real payment router (tEURC and GALEON allowlisted). */
async function fixture() {
  const f = await deployLocalBuyback(connection);
  const [, , , , , attestor, treasury, company, buyer] = await ethers.getSigners();
  const eurcAddress = await f.eurc.getAddress();
  const galeonAddress = await f.galeon.getAddress();
  const { router: deployed } = await ignition.deploy(HospitalRegistryModule, {
    parameters: {
      DataAccessRouter: {
        admin: f.deployer.address,
        attestor: attestor.address,
        treasury: treasury.address,
        buyback: await f.burner.getAddress(),
        galeon: company.address,
        allowedTokens: [eurcAddress, galeonAddress],
      },
    },
  });
  const router = (await ethers.getContractAt(
    "DataAccessRouter",
    await deployed.getAddress(),
  )) as unknown as DataAccessRouter;
  const routerAddress = await router.getAddress();
  for (let i = 1; i <= 3; i++) await router.register(i, (await ethers.getSigners())[10 + i].address, id(`h-${i}`));
  await expect(f.burner.connect(f.deployer).setRouter(routerAddress))
    .to.emit(f.burner, "RouterSet")
    .withArgs(routerAddress);
  await f.eurc.mint(buyer.address, 1_000_000n * E6);
  await f.eurc.connect(buyer).approve(routerAddress, ethers.MaxUint256);
  await f.galeon.connect(f.trader).transfer(buyer.address, 100_000n * E18);
  await f.galeon.connect(buyer).approve(routerAddress, ethers.MaxUint256);
  const chainId = (await ethers.provider.getNetwork()).chainId;

  async function pay(token: string, amount: bigint) {
    const usage = [
      { hospitalId: 1, units: 600n },
      { hospitalId: 3, units: 400n },
    ];
    const quote = await makeQuote(networkHelpers, { buyer: buyer.address, token, amount, usage });
    await router.connect(buyer).purchase(quote, await sign(attestor, chainId, routerAddress, quote), amount);
  }
  return { ...f, router, pay, eurcAddress, galeonAddress };
}

describe("BuybackBurner fed by the DataAccessRouter", function () {
  it("accrues 20% of purchases, waits for the window, executes: supply falls by exactly the amount bought", async function () {
    const { burner, router, galeon, eurc, pay, eurcAddress, keeper } = await loadFixture(fixture);
    await pay(eurcAddress, 10_000n * E6);
    await pay(eurcAddress, 2_500n * E6);
    const accrued = ((10_000n + 2_500n) * E6 * 2n) / 10n;
    expect(await router.payeeBalance(BUYBACK, eurcAddress)).to.equal(accrued);
    expect(await eurc.balanceOf(await burner.getAddress())).to.equal(0n); // never swapped inside a purchase

    await time.increase(30n * 60n);
    const supplyBefore = await galeon.totalSupply();
    const tx = burner.connect(keeper).execute(eurcAddress);
    await expect(tx)
      .to.emit(router, "PayeeWithdrawn")
      .withArgs(BUYBACK, eurcAddress, await burner.getAddress(), accrued);
    const receipt = await (await tx).wait();
    const event = receipt!.logs
      .map((log) => burner.interface.parseLog(log))
      .find((parsed) => parsed?.name === "BuybackExecuted")!;
    const [token, amountIn, galeonBurned] = event.args;
    expect(token).to.equal(eurcAddress);
    expect(amountIn).to.equal(accrued);
    expect(galeonBurned).to.be.greaterThan(0n);
    expect(supplyBefore - (await galeon.totalSupply())).to.equal(galeonBurned);
    expect(await router.payeeBalance(BUYBACK, eurcAddress)).to.equal(0n);
    expect((await eurc.balanceOf(await burner.getAddress())) + amountIn).to.equal(accrued);
  });

  it("burns the 20% of a purchase paid in GALEON directly", async function () {
    const { burner, galeon, pay, galeonAddress } = await loadFixture(fixture);
    await pay(galeonAddress, 1_000n * E18);
    const supplyBefore = await galeon.totalSupply();
    await expect(burner.execute(galeonAddress))
      .to.emit(burner, "BuybackExecuted")
      .withArgs(galeonAddress, 200n * E18, 200n * E18, 2n ** 112n, 200n * E18);
    expect(supplyBefore - (await galeon.totalSupply())).to.equal(200n * E18);
  });

  describe("reverts", function () {
    it("when the router does not pay its buy-back leg to the burner", async function () {
      const { burner, router, deployer, stranger } = await loadFixture(fixture);
      await router.connect(deployer).setPayeeAddress(BUYBACK, stranger.address);
      await expect(burner.connect(deployer).setRouter(await router.getAddress()))
        .to.be.revertedWithCustomError(burner, "BuybackBurnerNotRouterPayee")
        .withArgs(await router.getAddress(), stranger.address);
    });
  });
});
