import { expect } from "chai";
import { network } from "hardhat";

import { deployRouter, makeQuote, sign } from "./fixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture } = networkHelpers;

async function fixture() {
  const f = await deployRouter(connection);
  const fot = await ethers.deployContract("FeeOnTransferToken");
  const reentrant = await ethers.deployContract("ReentrantToken");
  const returnsFalse = await ethers.deployContract("ReturnsFalseToken");
  const blocklist = await ethers.deployContract("BlocklistToken");
  for (const token of [fot, reentrant, returnsFalse, blocklist]) {
    await f.router.setTokenAllowed(await token.getAddress(), true);
    await token.mint(f.buyer.address, 10n ** 24n);
    await token.connect(f.buyer).approve(f.routerAddress, ethers.MaxUint256);
  }
  async function buy(token: string, amount: bigint, ids = [1, 2]) {
    const quote = await makeQuote(networkHelpers, {
      buyer: f.buyer.address,
      token,
      amount,
      usage: ids.map((h) => ({ hospitalId: h, units: 1n })),
    });
    const signature = await sign(f.attestor, f.chainId, f.routerAddress, quote);
    return f.router.connect(f.buyer).purchase(quote, signature, amount);
  }
  return { ...f, fot, reentrant, returnsFalse, blocklist, buy };
}

describe("DataAccessRouter with hostile tokens", function () {
  it("refuses a fee-on-transfer token: the received amount differs", async function () {
    const { router, fot, buy } = await loadFixture(fixture);
    await expect(buy(await fot.getAddress(), 1000n))
      .to.be.revertedWithCustomError(router, "DataAccessRouterReceivedMismatch")
      .withArgs(1000n, 990n);
    expect(await router.hospitalBalance(1, await fot.getAddress())).to.equal(0n);
  });

  it("blocks re-entry from transferFrom during a purchase", async function () {
    const { router, reentrant, routerAddress, buy } = await loadFixture(fixture);
    const token = await reentrant.getAddress();
    await reentrant.arm(routerAddress, router.interface.encodeFunctionData("claimHospital", [1, [token]]));
    await expect(buy(token, 1000n)).to.be.revertedWithCustomError(router, "ReentrancyGuardReentrantCall");
  });

  it("blocks re-entry from transfer during a claim and a withdrawal", async function () {
    const { router, reentrant, routerAddress, buy } = await loadFixture(fixture);
    const token = await reentrant.getAddress();
    await buy(token, 1000n);
    await reentrant.arm(routerAddress, router.interface.encodeFunctionData("claimHospital", [2, [token]]));
    await expect(router.claimHospital(1, [token])).to.be.revertedWithCustomError(
      router,
      "ReentrancyGuardReentrantCall",
    );
    await expect(router.withdrawPayee(0, [token])).to.be.revertedWithCustomError(
      router,
      "ReentrancyGuardReentrantCall",
    );
    // Nothing was lost: disarmed, the claims go through.
    await reentrant.arm(ethers.ZeroAddress, "0x");
    expect(await router.hospitalBalance(1, token)).to.equal(200n);
    await expect(router.claimHospital(1, [token])).to.emit(router, "HospitalClaimed");
  });

  it("reverts, changing nothing, when a token returns false", async function () {
    const { router, returnsFalse, buy, hospitals } = await loadFixture(fixture);
    const token = await returnsFalse.getAddress();
    await buy(token, 1000n);
    await returnsFalse.setFailing(true);
    await expect(buy(token, 1000n)).to.be.revertedWithCustomError(router, "SafeERC20FailedOperation").withArgs(token);
    await expect(router.claimHospital(1, [token]))
      .to.be.revertedWithCustomError(router, "SafeERC20FailedOperation")
      .withArgs(token);
    expect(await router.hospitalBalance(1, token)).to.equal(200n);
    // Once the token behaves again, the balance is still there to claim.
    await returnsFalse.setFailing(false);
    await expect(router.claimHospital(1, [token])).to.changeTokenBalances(ethers, returnsFalse, [hospitals[0]], [200n]);
  });

  it("lets a blocklisted payout block only its own claim, which a payout rotation fixes", async function () {
    const { router, blocklist, eurc, buy, hospitals, other } = await loadFixture(fixture);
    const token = await blocklist.getAddress();
    await blocklist.setBlocked(hospitals[0].address, true);
    // Purchases naming the blocked hospital still go through.
    await buy(token, 1000n);
    await buy(await eurc.getAddress(), 1000n);
    await expect(router.claimHospital(1, [token]))
      .to.be.revertedWithCustomError(blocklist, "BlocklistTokenBlocked")
      .withArgs(hospitals[0].address);
    // Other hospitals and other tokens are unaffected.
    await expect(router.claimHospital(2, [token])).to.changeTokenBalances(ethers, blocklist, [hospitals[1]], [200n]);
    await expect(router.claimHospital(1, [await eurc.getAddress()])).to.emit(router, "HospitalClaimed");
    await router.connect(hospitals[0]).setPayout(1, other.address);
    await expect(router.claimHospital(1, [token])).to.changeTokenBalances(ethers, blocklist, [other], [200n]);
  });

  it("recoverToken cannot take a payment token through its second address (a double-entry token)", async function () {
    const { router, routerAddress, buyer, buy, hospitals, other } = await loadFixture(fixture);
    const double = await ethers.deployContract("DoubleEntryToken");
    const token = await double.getAddress();
    const legacy = await double.legacy();
    await router.setTokenAllowed(token, true);
    await double.mint(buyer.address, 10n ** 24n);
    await double.connect(buyer).approve(routerAddress, ethers.MaxUint256);
    await buy(token, 1000n);
    // The legacy address was never allowlisted, yet moving it moves what the router owes in the token.
    await expect(router.recoverToken(legacy, other.address, ethers.MaxUint256))
      .to.be.revertedWithCustomError(router, "DataAccessRouterRecoveryLowersPaymentToken")
      .withArgs(legacy, token, 1000n, 0n);
    await expect(router.recoverToken(legacy, other.address, 1n))
      .to.be.revertedWithCustomError(router, "DataAccessRouterRecoveryLowersPaymentToken")
      .withArgs(legacy, token, 1000n, 999n);
    // Everything owed is still there: the hospitals claim in full.
    await expect(router.claimHospital(1, [token])).to.changeTokenBalances(ethers, double, [hospitals[0]], [200n]);
    await expect(router.claimHospital(2, [token])).to.changeTokenBalances(ethers, double, [hospitals[1]], [200n]);
  });
});
