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

  describe("recoverToken", function () {
    it("returns to the DAO a leg paid in a token with no pair yet, pushed into the burner by a stranger", async function () {
      const { burner, router, pay, deployer, stranger } = await loadFixture(fixture);
      const [, , , , , , treasury, , buyer] = await ethers.getSigners();
      const usd = await ethers.deployContract("TestStablecoin", ["Test Dollar", "tUSD", 18]);
      const usdAddress = await usd.getAddress();
      await router.connect(deployer).setTokenAllowed(usdAddress, true);
      await usd.mint(buyer.address, 1_000n * E18);
      await usd.connect(buyer).approve(await router.getAddress(), ethers.MaxUint256);
      await pay(usdAddress, 1_000n * E18);
      const leg = 200n * E18;
      await router.connect(stranger).withdrawPayee(BUYBACK, [usdAddress]);
      expect(await usd.balanceOf(await burner.getAddress())).to.equal(leg);
      await expect(burner.execute(usdAddress))
        .to.be.revertedWithCustomError(burner, "BuybackBurnerTokenNotConfigured")
        .withArgs(usdAddress);

      await expect(burner.connect(deployer).recoverToken(usdAddress, treasury.address, ethers.MaxUint256))
        .to.emit(burner, "TokenRecovered")
        .withArgs(usdAddress, treasury.address, leg);
      expect(await usd.balanceOf(treasury.address)).to.equal(leg);
      expect(await usd.balanceOf(await burner.getAddress())).to.equal(0n);
    });

    for (const push of ["before", "after"] as const) {
      it(`recovers all of a retired market's leg, a stranger pushing it ${push} the DAO retires the pair`, async function () {
        const { burner, router, eurc, pay, eurcAddress, deployer, stranger } = await loadFixture(fixture);
        const [, , , , , , treasury] = await ethers.getSigners();
        await pay(eurcAddress, 10_000n * E6);
        const leg = 2_000n * E6;
        if (push === "before") await router.connect(stranger).withdrawPayee(BUYBACK, [eurcAddress]);
        await expect(burner.connect(deployer).setPair(eurcAddress, ethers.ZeroAddress))
          .to.emit(burner, "PairSet")
          .withArgs(eurcAddress, ethers.ZeroAddress);
        if (push === "after") await router.connect(stranger).withdrawPayee(BUYBACK, [eurcAddress]);
        // A purchase after the retirement: its leg is still credited, and recovered with the rest.
        await pay(eurcAddress, 5_000n * E6);
        const all = leg + 1_000n * E6;

        await expect(burner.connect(deployer).recoverToken(eurcAddress, treasury.address, ethers.MaxUint256))
          .to.emit(burner, "TokenRecovered")
          .withArgs(eurcAddress, treasury.address, all);
        expect(await eurc.balanceOf(treasury.address)).to.equal(all);
        expect(await eurc.balanceOf(await burner.getAddress())).to.equal(0n);
        expect(await router.payeeBalance(BUYBACK, eurcAddress)).to.equal(0n);
      });
    }

    it("recovers an exact amount and leaves the rest", async function () {
      const { burner, router, eurc, pay, eurcAddress, deployer, stranger } = await loadFixture(fixture);
      await pay(eurcAddress, 10_000n * E6);
      await burner.connect(deployer).setPair(eurcAddress, ethers.ZeroAddress);
      await router.connect(stranger).withdrawPayee(BUYBACK, [eurcAddress]);
      await expect(burner.connect(deployer).recoverToken(eurcAddress, stranger.address, 500n * E6))
        .to.emit(burner, "TokenRecovered")
        .withArgs(eurcAddress, stranger.address, 500n * E6);
      expect(await eurc.balanceOf(await burner.getAddress())).to.equal(1_500n * E6);
    });

    describe("reverts", function () {
      it("for GALEON, always burnable by execute, even when the DAO asks", async function () {
        const { burner, galeon, pay, galeonAddress, deployer } = await loadFixture(fixture);
        await pay(galeonAddress, 1_000n * E18);
        await galeon.connect(deployer).transfer(await burner.getAddress(), 5n * E18);
        await expect(burner.connect(deployer).recoverToken(galeonAddress, deployer.address, ethers.MaxUint256))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerNotRecoverable")
          .withArgs(galeonAddress);
        await expect(burner.connect(deployer).recoverToken(galeonAddress, deployer.address, 1n))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerNotRecoverable")
          .withArgs(galeonAddress);
      });

      it("for a token whose market is enabled (execute spends it)", async function () {
        const { burner, pay, eurcAddress, deployer, stranger, router } = await loadFixture(fixture);
        await pay(eurcAddress, 10_000n * E6);
        await router.connect(stranger).withdrawPayee(BUYBACK, [eurcAddress]);
        await expect(burner.connect(deployer).recoverToken(eurcAddress, deployer.address, ethers.MaxUint256))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerMarketEnabled")
          .withArgs(eurcAddress);
      });

      it("for the zero recipient, a zero or excessive amount, and a caller other than the admin", async function () {
        const { burner, pay, eurcAddress, deployer, stranger, router } = await loadFixture(fixture);
        await pay(eurcAddress, 10_000n * E6);
        await burner.connect(deployer).setPair(eurcAddress, ethers.ZeroAddress);
        await router.connect(stranger).withdrawPayee(BUYBACK, [eurcAddress]);
        await expect(
          burner.connect(deployer).recoverToken(eurcAddress, ethers.ZeroAddress, 1n),
        ).to.be.revertedWithCustomError(burner, "BuybackBurnerZeroRecipient");
        for (const amount of [0n, 2_000n * E6 + 1n]) {
          await expect(burner.connect(deployer).recoverToken(eurcAddress, deployer.address, amount))
            .to.be.revertedWithCustomError(burner, "BuybackBurnerRecoverAmountInvalid")
            .withArgs(eurcAddress, amount, 2_000n * E6);
        }
        await expect(burner.connect(stranger).recoverToken(eurcAddress, stranger.address, 1n))
          .to.be.revertedWithCustomError(burner, "OwnableUnauthorizedAccount")
          .withArgs(stranger.address);
        await expect(burner.connect(deployer).recoverToken(ethers.ZeroAddress, deployer.address, 1n))
          .to.be.revertedWithCustomError(burner, "BuybackBurnerNotRecoverable")
          .withArgs(ethers.ZeroAddress);
      });
    });
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
