import { expect } from "chai";
import { TypedDataEncoder, id, ZeroHash } from "ethers";
import { network } from "hardhat";

import { QUOTE_TYPES, routerDomain, packUsage, unpackUsage } from "../../../domain/quotes/quote.js";
import { BUYBACK, DAY, EURC, GALEON, TREASURY, deployRouter, makeQuote, sign, signPermit } from "./fixtures.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;

const ZERO = "0x0000000000000000000000000000000000000000";

async function fixture() {
  return deployRouter(connection);
}

/** `purchaseWithPermit` with a permit no token accepts: the purchase then stands on the allowance alone. */
function purchaseWithUnusablePermit(
  router: Awaited<ReturnType<typeof deployRouter>>["router"],
  quote: Awaited<ReturnType<typeof makeQuote>>,
  signature: string,
  maxAmount: bigint,
) {
  return router.purchaseWithPermit(quote, signature, maxAmount, 0n, 27, ethers.ZeroHash, ethers.ZeroHash);
}

describe("DataAccessRouter", function () {
  describe("deployment", function () {
    it("starts with the default split, the attestor, the payees and the allowed tokens", async function () {
      const { router, attestor, treasury, buyback, galeon, eurc, dai, other } = await loadFixture(fixture);
      expect(await router.split()).to.deep.equal([4000n, 3000n, 2000n, 1000n]);
      expect(await router.attestor()).to.equal(attestor.address);
      expect(await router.payeeAddress(TREASURY)).to.equal(treasury.address);
      expect(await router.payeeAddress(BUYBACK)).to.equal(buyback.address);
      expect(await router.payeeAddress(GALEON)).to.equal(galeon.address);
      expect(await router.isTokenAllowed(await eurc.getAddress())).to.equal(true);
      expect(await router.isTokenAllowed(await dai.getAddress())).to.equal(true);
      expect(await router.isTokenAllowed(other.address)).to.equal(false);
      expect(await router.MAX_USAGE_LENGTH()).to.equal(256n);
      expect(await router.MIN_HOSPITALS_BPS()).to.equal(4000n);
    });

    it("refuses a zero attestor", async function () {
      const { admin, treasury, buyback, galeon, router } = await loadFixture(fixture);
      const factory = await ethers.getContractFactory("DataAccessRouter");
      await expect(
        factory.deploy(admin.address, ZERO, 0, ZERO, [treasury.address, buyback.address, galeon.address], []),
      ).to.be.revertedWithCustomError(router, "DataAccessRouterZeroAddress");
    });

    it("exposes the registry interface through the HospitalRegistry module", async function () {
      const { registry, router } = await loadFixture(fixture);
      expect(await registry.getAddress()).to.equal(await router.getAddress());
      expect(await registry.isActive(1)).to.equal(true);
    });
  });

  describe("hospital registry", function () {
    it("registers an active hospital with a payout and a metadata hash", async function () {
      const { router, other } = await loadFixture(fixture);
      await expect(router.register(300, other.address, id("meta")))
        .to.emit(router, "HospitalRegistered")
        .withArgs(300, other.address, id("meta"));
      expect(await router.hospital(300)).to.deep.equal([other.address, 1n, id("meta")]);
      expect(await router.payoutOf(300)).to.equal(other.address);
      expect(await router.statusOf(300)).to.equal(1n);
      expect(await router.isActive(300)).to.equal(true);
      expect(await router.activeWord(1)).to.equal(1n << 44n);
      expect(await router.activeWord(0)).to.equal(0b111110n);
    });

    it("suspends and reactivates, keeping the bitmap in step", async function () {
      const { router } = await loadFixture(fixture);
      await expect(router.suspend(2)).to.emit(router, "HospitalSuspended").withArgs(2);
      expect(await router.statusOf(2)).to.equal(2n);
      expect(await router.isActive(2)).to.equal(false);
      expect(await router.activeWord(0)).to.equal(0b111010n);
      await expect(router.reactivate(2)).to.emit(router, "HospitalReactivated").withArgs(2);
      expect(await router.isActive(2)).to.equal(true);
      expect(await router.activeWord(0)).to.equal(0b111110n);
    });

    it("lets the admin replace the metadata hash", async function () {
      const { router } = await loadFixture(fixture);
      await expect(router.setMetadataHash(1, id("new")))
        .to.emit(router, "MetadataHashSet")
        .withArgs(1, id("new"));
      expect((await router.hospital(1))[2]).to.equal(id("new"));
    });

    it("lets the payout address rotate itself, whatever the status", async function () {
      const { router, hospitals, other } = await loadFixture(fixture);
      await router.suspend(1);
      await expect(router.connect(hospitals[0]).setPayout(1, other.address))
        .to.emit(router, "PayoutSet")
        .withArgs(1, hospitals[0].address, other.address);
      expect(await router.payoutOf(1)).to.equal(other.address);
    });

    describe("reverts", function () {
      it("when a non-admin registers, suspends, reactivates or sets metadata", async function () {
        const { router, other } = await loadFixture(fixture);
        for (const call of [
          router.connect(other).register(9, other.address, id("x")),
          router.connect(other).suspend(1),
          router.connect(other).reactivate(1),
          router.connect(other).setMetadataHash(1, id("x")),
        ]) {
          await expect(call)
            .to.be.revertedWithCustomError(router, "OwnableUnauthorizedAccount")
            .withArgs(other.address);
        }
      });

      it("when the id is already registered", async function () {
        const { router, other } = await loadFixture(fixture);
        await expect(router.register(1, other.address, id("x")))
          .to.be.revertedWithCustomError(router, "HospitalRegistryAlreadyRegistered")
          .withArgs(1);
      });

      it("when the payout is the zero address", async function () {
        const { router, hospitals } = await loadFixture(fixture);
        await expect(router.register(9, ZERO, id("x")))
          .to.be.revertedWithCustomError(router, "HospitalRegistryZeroPayout")
          .withArgs(9);
        await expect(router.connect(hospitals[0]).setPayout(1, ZERO))
          .to.be.revertedWithCustomError(router, "HospitalRegistryZeroPayout")
          .withArgs(1);
      });

      it("when the hospital is unknown", async function () {
        const { router } = await loadFixture(fixture);
        for (const call of [router.suspend(9), router.reactivate(9), router.setMetadataHash(9, id("x"))]) {
          await expect(call).to.be.revertedWithCustomError(router, "HospitalRegistryUnknownHospital").withArgs(9);
        }
      });

      it("when the status would not change", async function () {
        const { router } = await loadFixture(fixture);
        await expect(router.reactivate(1))
          .to.be.revertedWithCustomError(router, "HospitalRegistryAlreadyInStatus")
          .withArgs(1, 1);
        await router.suspend(1);
        await expect(router.suspend(1))
          .to.be.revertedWithCustomError(router, "HospitalRegistryAlreadyInStatus")
          .withArgs(1, 2);
      });

      it("when someone else than the payout rotates it", async function () {
        const { router, hospitals, other } = await loadFixture(fixture);
        await expect(router.connect(other).setPayout(1, other.address))
          .to.be.revertedWithCustomError(router, "HospitalRegistryNotPayout")
          .withArgs(other.address, 1, hospitals[0].address);
        await expect(router.connect(other).setPayout(9, other.address))
          .to.be.revertedWithCustomError(router, "HospitalRegistryNotPayout")
          .withArgs(other.address, 9, ZERO);
      });

      it("when the payout is the router itself or a token the router allowlists (it could not move what it got)", async function () {
        const { router, routerAddress, eurc, dai, hospitals } = await loadFixture(fixture);
        for (const payout of [routerAddress, await eurc.getAddress()]) {
          await expect(router.register(9, payout, id("x")))
            .to.be.revertedWithCustomError(router, "HospitalRegistryInvalidPayout")
            .withArgs(9, payout);
        }
        for (const payout of [routerAddress, await dai.getAddress()]) {
          await expect(router.connect(hospitals[0]).setPayout(1, payout))
            .to.be.revertedWithCustomError(router, "HospitalRegistryInvalidPayout")
            .withArgs(1, payout);
        }
        expect(await router.payoutOf(1)).to.equal(hospitals[0].address);
        expect(await router.statusOf(9)).to.equal(0n);
      });
    });
  });

  describe("purchase", function () {
    it("credits exactly 4,000,000 / 3,000,000 / 2,000,000 / 1,000,000 on a 10,000,000 EURC purchase", async function () {
      const { router, routerAddress, eurc, attestor, buyer, chainId } = await loadFixture(fixture);
      const amount = 10_000_000n * EURC;
      const token = await eurc.getAddress();
      const usage = [
        { hospitalId: 1, units: 500n },
        { hospitalId: 2, units: 300n },
        { hospitalId: 4, units: 200n },
      ];
      const quote = await makeQuote(networkHelpers, { buyer: buyer.address, token, amount, usage });
      const signature = await sign(attestor, chainId, routerAddress, quote);
      const tx = router.connect(buyer).purchase(quote, signature, amount);
      await expect(tx)
        .to.emit(router, "Purchased")
        .withArgs(
          quote.accessId,
          token,
          buyer.address,
          buyer.address,
          amount,
          [4_000_000n * EURC, 3_000_000n * EURC, 2_000_000n * EURC, 1_000_000n * EURC],
          quote.jobHash,
          quote.accessExpiry,
          quote.usage,
          [2_000_000n * EURC, 1_200_000n * EURC, 800_000n * EURC],
        );
      await expect(tx).to.changeTokenBalances(ethers, eurc, [buyer, routerAddress], [-amount, amount]);
      expect(await router.payeeBalance(TREASURY, token)).to.equal(3_000_000n * EURC);
      expect(await router.payeeBalance(BUYBACK, token)).to.equal(2_000_000n * EURC);
      expect(await router.payeeBalance(GALEON, token)).to.equal(1_000_000n * EURC);
      expect(await router.hospitalBalance(1, token)).to.equal(2_000_000n * EURC);
      expect(await router.hospitalBalance(2, token)).to.equal(1_200_000n * EURC);
      expect(await router.hospitalBalance(3, token)).to.equal(0n);
      expect(await router.hospitalBalance(4, token)).to.equal(800_000n * EURC);
      expect(await router.accessRecord(quote.accessId)).to.deep.equal([
        buyer.address,
        quote.accessExpiry,
        1n,
        quote.permitId,
        quote.permitExpiry,
      ]);
      expect(await router.isAccessValid(quote.accessId)).to.equal(true);
    });

    it("names the data permit right after Purchased (AccessPermit), and a renewal moves the access's expiry (AccessRenewed)", async function () {
      const { router, routerAddress, eurc, attestor, buyer, chainId } = await loadFixture(fixture);
      const token = await eurc.getAddress();
      const usage = [{ hospitalId: 1, units: 1n }];
      const first = await makeQuote(networkHelpers, { buyer: buyer.address, token, amount: 1_000n, usage });
      await expect(router.connect(buyer).purchase(first, await sign(attestor, chainId, routerAddress, first), 1_000n))
        .to.emit(router, "AccessPermit")
        .withArgs(first.accessId, first.permitId, first.permitExpiry);
      const renewal = {
        ...(await makeQuote(networkHelpers, { buyer: buyer.address, token, amount: 500n, usage })),
        renews: first.accessId,
      };
      renewal.accessExpiry = first.accessExpiry + 10n * 86_400n;
      const tx = router.connect(buyer).purchase(renewal, await sign(attestor, chainId, routerAddress, renewal), 500n);
      await expect(tx)
        .to.emit(router, "AccessPermit")
        .withArgs(renewal.accessId, renewal.permitId, renewal.permitExpiry);
      await expect(tx)
        .to.emit(router, "AccessRenewed")
        .withArgs(first.accessId, renewal.accessId, renewal.accessExpiry);
      // Paid and split like any purchase, under its own single-use id.
      expect(await router.hospitalBalance(1, token)).to.equal(400n + 200n);
      expect((await router.accessRecord(first.accessId)).expiry).to.equal(renewal.accessExpiry);
      expect((await router.accessRecord(renewal.accessId)).status).to.equal(1n);
    });

    it("rounds with cumulative floors, the remainder of the fixed parts to Galeon", async function () {
      const { router, routerAddress, eurc, attestor, buyer, chainId } = await loadFixture(fixture);
      const token = await eurc.getAddress();
      const usage = [1, 2, 3].map((h) => ({ hospitalId: h, units: 1n }));
      // 1001: hospitals floor(400.4) = 400, treasury floor(300.3) = 300, buy-back floor(200.2) = 200,
      // Galeon the remainder 101; 400 over units 1/1/1: floor(400/3)=133, floor(800/3)-133=133, 400-266=134.
      const quote = await makeQuote(networkHelpers, { buyer: buyer.address, token, amount: 1001n, usage });
      const tx = router.connect(buyer).purchase(quote, await sign(attestor, chainId, routerAddress, quote), 1001n);
      await expect(tx)
        .to.emit(router, "Purchased")
        .withArgs(
          quote.accessId,
          token,
          buyer.address,
          buyer.address,
          1001n,
          [400n, 300n, 200n, 101n],
          quote.jobHash,
          quote.accessExpiry,
          quote.usage,
          [133n, 133n, 134n],
        );
    });

    it("works with an 18-decimal token and accumulates across purchases", async function () {
      const { router, routerAddress, dai, attestor, buyer, chainId } = await loadFixture(fixture);
      const token = await dai.getAddress();
      const amount = 12_345n * 10n ** 18n + 7n;
      for (let i = 0; i < 2; i++) {
        const quote = await makeQuote(networkHelpers, {
          buyer: buyer.address,
          token,
          amount,
          usage: [{ hospitalId: 5, units: 10n ** 20n }],
        });
        await router.connect(buyer).purchase(quote, await sign(attestor, chainId, routerAddress, quote), amount);
      }
      const h = (amount * 4000n) / 10000n;
      const t = (amount * 3000n) / 10000n;
      const b = (amount * 2000n) / 10000n;
      expect(await router.hospitalBalance(5, token)).to.equal(2n * h);
      expect(await router.payeeBalance(TREASURY, token)).to.equal(2n * t);
      expect(await router.payeeBalance(BUYBACK, token)).to.equal(2n * b);
      expect(await router.payeeBalance(GALEON, token)).to.equal(2n * (amount - h - t - b));
      expect(await dai.balanceOf(routerAddress)).to.equal(2n * amount);
    });

    it("lets the named payer pay for the buyer, and the buyer pay a quote naming a payer", async function () {
      const { router, routerAddress, eurc, attestor, buyer, payer, chainId } = await loadFixture(fixture);
      const token = await eurc.getAddress();
      const usage = [{ hospitalId: 1, units: 1n }];
      const q1 = await makeQuote(networkHelpers, {
        buyer: buyer.address,
        payer: payer.address,
        token,
        amount: 100n,
        usage,
      });
      const tx = router.connect(payer).purchase(q1, await sign(attestor, chainId, routerAddress, q1), 100n);
      await expect(tx).to.changeTokenBalances(ethers, eurc, [payer, buyer], [-100n, 0n]);
      await expect(tx)
        .to.emit(router, "Purchased")
        .withArgs(
          q1.accessId,
          token,
          buyer.address,
          payer.address,
          100n,
          [40n, 30n, 20n, 10n],
          q1.jobHash,
          q1.accessExpiry,
          q1.usage,
          [40n],
        );
      expect((await router.accessRecord(q1.accessId))[0]).to.equal(buyer.address);
      const q2 = await makeQuote(networkHelpers, {
        buyer: buyer.address,
        payer: payer.address,
        token,
        amount: 100n,
        usage,
      });
      await expect(router.connect(buyer).purchase(q2, await sign(attestor, chainId, routerAddress, q2), 100n)).to.emit(
        router,
        "Purchased",
      );
    });

    it("computes the digest the attestor signs (EIP-712)", async function () {
      const { router, routerAddress, eurc, buyer, chainId } = await loadFixture(fixture);
      const quote = await makeQuote(networkHelpers, {
        buyer: buyer.address,
        token: await eurc.getAddress(),
        amount: 5n,
        usage: [{ hospitalId: 3, units: 2n }],
      });
      expect(await router.quoteDigest(quote)).to.equal(
        TypedDataEncoder.hash(routerDomain(chainId, routerAddress), QUOTE_TYPES, quote),
      );
      expect(unpackUsage(packUsage({ hospitalId: 3, units: 2n }))).to.deep.equal({ hospitalId: 3, units: 2n });
    });

    describe("with permit", function () {
      it("pays with a permit instead of an allowance", async function () {
        const { router, routerAddress, eurc, attestor, other, chainId } = await loadFixture(fixture);
        await eurc.mint(other.address, 1000n);
        const token = await eurc.getAddress();
        const quote = await makeQuote(networkHelpers, {
          buyer: other.address,
          token,
          amount: 1000n,
          usage: [{ hospitalId: 2, units: 1n }],
        });
        const deadline = BigInt(await time.latest()) + DAY;
        const p = await signPermit(eurc, other, routerAddress, 1000n, deadline, chainId);
        const tx = router
          .connect(other)
          .purchaseWithPermit(
            quote,
            await sign(attestor, chainId, routerAddress, quote),
            1000n,
            deadline,
            p.v,
            p.r,
            p.s,
          );
        await expect(tx).to.changeTokenBalances(ethers, eurc, [other, routerAddress], [-1000n, 1000n]);
        expect(await eurc.allowance(other.address, routerAddress)).to.equal(0n);
      });

      it("still pays when the permit was front-run", async function () {
        const { router, routerAddress, eurc, attestor, other, admin, chainId } = await loadFixture(fixture);
        await eurc.mint(other.address, 1000n);
        const token = await eurc.getAddress();
        const quote = await makeQuote(networkHelpers, {
          buyer: other.address,
          token,
          amount: 1000n,
          usage: [{ hospitalId: 2, units: 1n }],
        });
        const deadline = BigInt(await time.latest()) + DAY;
        const p = await signPermit(eurc, other, routerAddress, 1000n, deadline, chainId);
        await eurc.connect(admin).permit(other.address, routerAddress, 1000n, deadline, p.v, p.r, p.s);
        await expect(
          router
            .connect(other)
            .purchaseWithPermit(
              quote,
              await sign(attestor, chainId, routerAddress, quote),
              1000n,
              deadline,
              p.v,
              p.r,
              p.s,
            ),
        ).to.emit(router, "Purchased");
      });

      it("reverts when neither the permit nor an allowance covers the amount", async function () {
        const { router, routerAddress, eurc, attestor, other, chainId } = await loadFixture(fixture);
        const quote = await makeQuote(networkHelpers, {
          buyer: other.address,
          token: await eurc.getAddress(),
          amount: 1000n,
          usage: [{ hospitalId: 2, units: 1n }],
        });
        await expect(
          purchaseWithUnusablePermit(
            router.connect(other),
            quote,
            await sign(attestor, chainId, routerAddress, quote),
            1000n,
          ),
        )
          .to.be.revertedWithCustomError(router, "DataAccessRouterInsufficientAllowance")
          .withArgs(0n, 1000n);
      });

      it("reverts before calling a token that is not allowlisted", async function () {
        const { router, routerAddress, attestor, other, chainId } = await loadFixture(fixture);
        const quote = await makeQuote(networkHelpers, {
          buyer: other.address,
          token: other.address,
          amount: 1000n,
          usage: [{ hospitalId: 2, units: 1n }],
        });
        await expect(
          purchaseWithUnusablePermit(
            router.connect(other),
            quote,
            await sign(attestor, chainId, routerAddress, quote),
            1000n,
          ),
        )
          .to.be.revertedWithCustomError(router, "DataAccessRouterTokenNotAllowed")
          .withArgs(other.address);
      });

      it("reverts while paused", async function () {
        const { router, routerAddress, eurc, attestor, buyer, guardian, chainId } = await loadFixture(fixture);
        await router.connect(guardian).pause();
        const quote = await makeQuote(networkHelpers, {
          buyer: buyer.address,
          token: await eurc.getAddress(),
          amount: 1n,
          usage: [{ hospitalId: 2, units: 1n }],
        });
        await expect(
          purchaseWithUnusablePermit(
            router.connect(buyer),
            quote,
            await sign(attestor, chainId, routerAddress, quote),
            1n,
          ),
        ).to.be.revertedWithCustomError(router, "GuardianPausablePaused");
      });
    });

    describe("reverts", function () {
      async function setup() {
        const f = await loadFixture(fixture);
        const token = await f.eurc.getAddress();
        const base = await makeQuote(networkHelpers, {
          buyer: f.buyer.address,
          token,
          amount: 1000n,
          usage: [
            { hospitalId: 1, units: 1n },
            { hospitalId: 3, units: 2n },
          ],
        });
        const signed = async (q: typeof base) => sign(f.attestor, f.chainId, f.routerAddress, q);
        return { ...f, token, base, signed };
      }

      it("when the quote expired", async function () {
        const { router, buyer, base, signed } = await setup();
        const sig = await signed(base);
        await time.setNextBlockTimestamp(base.deadline + 1n);
        await expect(router.connect(buyer).purchase(base, sig, 1000n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterQuoteExpired")
          .withArgs(base.deadline, base.deadline + 1n);
      });

      it("when the access would already be over", async function () {
        const { router, buyer, base, signed } = await setup();
        const quote = { ...base, accessExpiry: 1n };
        const sig = await signed(quote);
        // The block's time is pinned: "latest + 1" would assume the machine took under a second.
        const now = BigInt(await time.latest()) + 10n;
        await time.setNextBlockTimestamp(now);
        await expect(router.connect(buyer).purchase(quote, sig, 1000n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterAccessExpiryPassed")
          .withArgs(1n, now);
      });

      it("when the access id was used", async function () {
        const { router, buyer, base, signed } = await setup();
        const sig = await signed(base);
        await router.connect(buyer).purchase(base, sig, 1000n);
        await expect(router.connect(buyer).purchase(base, sig, 1000n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterAccessIdUsed")
          .withArgs(base.accessId);
      });

      it("when another key signed", async function () {
        const { router, routerAddress, chainId, buyer, other, attestor, base } = await setup();
        await expect(router.connect(buyer).purchase(base, await sign(other, chainId, routerAddress, base), 1000n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterInvalidSigner")
          .withArgs(other.address, attestor.address);
      });

      it("when the signature is for another chain or another contract (a wrong signer)", async function () {
        const { router, routerAddress, chainId, buyer, attestor, base, token } = await setup();
        for (const sig of [
          await sign(attestor, chainId + 1n, routerAddress, base),
          await sign(attestor, chainId, token, base),
        ]) {
          await expect(router.connect(buyer).purchase(base, sig, 1000n))
            .to.be.revertedWithCustomError(router, "DataAccessRouterInvalidSigner")
            .withArgs((addr: string) => addr !== attestor.address, attestor.address);
        }
      });

      it("when a signed field was altered", async function () {
        const { router, buyer, attestor, base, signed } = await setup();
        const sig = await signed(base);
        await expect(router.connect(buyer).purchase({ ...base, amount: 999n }, sig, 1000n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterInvalidSigner")
          .withArgs((addr: string) => addr !== attestor.address, attestor.address);
      });

      it("when the signature is malformed", async function () {
        const { router, buyer, attestor, base } = await setup();
        await expect(router.connect(buyer).purchase(base, "0x1234", 1000n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterInvalidSigner")
          .withArgs(ZERO, attestor.address);
      });

      it("when the caller is neither the buyer nor the named payer", async function () {
        const { router, buyer, payer, other, base, signed } = await setup();
        await expect(router.connect(payer).purchase(base, await signed(base), 1000n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterPayerNotAllowed")
          .withArgs(payer.address, buyer.address, ZERO);
        const quote = { ...base, payer: payer.address };
        await expect(router.connect(other).purchase(quote, await signed(quote), 1000n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterPayerNotAllowed")
          .withArgs(other.address, buyer.address, payer.address);
      });

      it("when the amount exceeds the payer's limit", async function () {
        const { router, buyer, base, signed } = await setup();
        await expect(router.connect(buyer).purchase(base, await signed(base), 999n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterAmountAboveMax")
          .withArgs(1000n, 999n);
      });

      it("when the amount is zero", async function () {
        const { router, buyer, base, signed } = await setup();
        const quote = { ...base, amount: 0n };
        await expect(router.connect(buyer).purchase(quote, await signed(quote), 0n)).to.be.revertedWithCustomError(
          router,
          "DataAccessRouterZeroAmount",
        );
      });

      it("when the amount exceeds 2^128 - 1", async function () {
        const { router, buyer, base, signed } = await setup();
        const quote = { ...base, amount: 1n << 128n };
        await expect(router.connect(buyer).purchase(quote, await signed(quote), ethers.MaxUint256))
          .to.be.revertedWithCustomError(router, "DataAccessRouterAmountTooLarge")
          .withArgs(1n << 128n);
      });

      it("when the token is not allowlisted", async function () {
        const { router, buyer, base, signed, token } = await setup();
        await router.setTokenAllowed(token, false);
        await expect(router.connect(buyer).purchase(base, await signed(base), 1000n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterTokenNotAllowed")
          .withArgs(token);
      });

      it("when a hospital is unknown", async function () {
        const { router, buyer, base, signed } = await setup();
        const quote = {
          ...base,
          usage: [packUsage({ hospitalId: 1, units: 1n }), packUsage({ hospitalId: 700, units: 1n })],
        };
        await expect(router.connect(buyer).purchase(quote, await signed(quote), 1000n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterUnknownHospital")
          .withArgs(700);
      });

      it("when a hospital is suspended", async function () {
        const { router, buyer, base, signed } = await setup();
        await router.suspend(3);
        await expect(router.connect(buyer).purchase(base, await signed(base), 1000n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterHospitalSuspended")
          .withArgs(3);
      });

      it("when ids are duplicated or unsorted", async function () {
        const { router, buyer, base, signed } = await setup();
        for (const ids of [
          [1, 3, 3],
          [1, 3, 2],
        ]) {
          const quote = { ...base, usage: ids.map((h) => packUsage({ hospitalId: h, units: 1n })) };
          await expect(router.connect(buyer).purchase(quote, await signed(quote), 1000n))
            .to.be.revertedWithCustomError(router, "DataAccessRouterUsageNotIncreasing")
            .withArgs(2, 3, ids[2]);
        }
      });

      it("when an entry has zero units", async function () {
        const { router, buyer, base, signed } = await setup();
        const quote = {
          ...base,
          usage: [packUsage({ hospitalId: 1, units: 1n }), packUsage({ hospitalId: 2, units: 0n })],
        };
        await expect(router.connect(buyer).purchase(quote, await signed(quote), 1000n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterZeroUnits")
          .withArgs(1, 2);
      });

      it("when the usage vector is empty or longer than 256", async function () {
        const { router, buyer, base, signed } = await setup();
        const empty = { ...base, usage: [] };
        await expect(router.connect(buyer).purchase(empty, await signed(empty), 1000n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterUsageLength")
          .withArgs(0, 256);
        const long = { ...base, usage: Array.from({ length: 257 }, (_, i) => packUsage({ hospitalId: i, units: 1n })) };
        await expect(router.connect(buyer).purchase(long, await signed(long), 1000n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterUsageLength")
          .withArgs(257, 256);
      });

      it("while paused (by the guardian or the admin), and resumes after unpause", async function () {
        const { router, buyer, guardian, base, signed } = await setup();
        const sig = await signed(base);
        await router.connect(guardian).pause();
        await expect(router.connect(buyer).purchase(base, sig, 1000n)).to.be.revertedWithCustomError(
          router,
          "GuardianPausablePaused",
        );
        await router.unpause();
        await expect(router.connect(buyer).purchase(base, sig, 1000n)).to.emit(router, "Purchased");
      });

      it("when the treasury's, the buy-back's or the hospitals' part would be zero", async function () {
        const { router, buyer, base, signed } = await setup();
        // 3 base units: hospitals floor(1.2) = 1, treasury floor(0.9) = 0.
        const three = { ...base, amount: 3n, usage: [packUsage({ hospitalId: 1, units: 1n })] };
        await expect(router.connect(buyer).purchase(three, await signed(three), 3n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterPartTooSmall")
          .withArgs(1, 3n, 3000);
        // 4 base units: hospitals 1, treasury 1, buy-back floor(0.8) = 0.
        const four = { ...three, amount: 4n };
        await expect(router.connect(buyer).purchase(four, await signed(four), 4n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterPartTooSmall")
          .withArgs(2, 4n, 2000);
        // 2 base units: hospitals floor(0.8) = 0.
        const two = { ...three, amount: 2n };
        await expect(router.connect(buyer).purchase(two, await signed(two), 2n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterPartTooSmall")
          .withArgs(0, 2n, 4000);
        // 5 base units is the least that credits all four: 2 / 1 / 1 / 1.
        const five = { ...three, amount: 5n };
        await expect(router.connect(buyer).purchase(five, await signed(five), 5n))
          .to.emit(router, "Purchased")
          .withArgs(
            five.accessId,
            five.token,
            buyer.address,
            buyer.address,
            5n,
            [2n, 1n, 1n, 1n],
            five.jobHash,
            five.accessExpiry,
            five.usage,
            [2n],
          );
      });

      it("when a party with no share is the only one credited nothing (it is not refused for that)", async function () {
        const { router, buyer, base, signed, token } = await setup();
        await router.setSplit(5000, 0, 4000, 1000);
        // 3 base units: hospitals 1, treasury 0 (0 bps), buy-back 1, Galeon 1.
        const quote = { ...base, amount: 3n, usage: [packUsage({ hospitalId: 1, units: 1n })] };
        await expect(router.connect(buyer).purchase(quote, await signed(quote), 3n)).to.emit(router, "Purchased");
        expect(await router.payeeBalance(TREASURY, token)).to.equal(0n);
        const two = { ...quote, accessId: id("two"), amount: 2n };
        await expect(router.connect(buyer).purchase(two, await signed(two), 2n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterPartTooSmall")
          .withArgs(2, 2n, 4000);
      });

      it("when a hospital of the usage would be credited nothing", async function () {
        const { router, buyer, base, signed } = await setup();
        // 10 base units: the hospitals' 4 over units 1 and 1000: hospital 1 gets floor(4 / 1001) = 0.
        const quote = {
          ...base,
          amount: 10n,
          usage: [packUsage({ hospitalId: 1, units: 1n }), packUsage({ hospitalId: 2, units: 1000n })],
        };
        await expect(router.connect(buyer).purchase(quote, await signed(quote), 10n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterHospitalCreditTooSmall")
          .withArgs(1, 1n, 1001n, 4n);
        // Three hospitals with equal units and a hospitals' part of 2: the second gets floor(4/3) - floor(2/3) = 1,
        // the first floor(2/3) = 0.
        const equal = {
          ...base,
          accessId: id("equal"),
          amount: 5n,
          usage: [1, 2, 3].map((h) => packUsage({ hospitalId: h, units: 7n })),
        };
        await expect(router.connect(buyer).purchase(equal, await signed(equal), 5n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterHospitalCreditTooSmall")
          .withArgs(1, 7n, 21n, 2n);
      });

      it("and changes nothing", async function () {
        const { router, buyer, base, signed, token, eurc, routerAddress } = await setup();
        await expect(router.connect(buyer).purchase(base, await signed(base), 1n)).to.be.revertedWithCustomError(
          router,
          "DataAccessRouterAmountAboveMax",
        );
        expect(await router.hospitalBalance(1, token)).to.equal(0n);
        expect(await router.payeeBalance(TREASURY, token)).to.equal(0n);
        expect(await router.accessRecord(base.accessId)).to.deep.equal([ZERO, 0n, 0n, ZeroHash, 0n]);
        expect(await eurc.balanceOf(routerAddress)).to.equal(0n);
      });
    });
  });

  describe("claims and withdrawals", function () {
    async function funded() {
      const f = await loadFixture(fixture);
      const eurcAddr = await f.eurc.getAddress();
      const daiAddr = await f.dai.getAddress();
      for (const [token, amount] of [
        [eurcAddr, 1000n * EURC],
        [daiAddr, 10n ** 21n],
      ] as const) {
        const quote = await makeQuote(networkHelpers, {
          buyer: f.buyer.address,
          token,
          amount,
          usage: [
            { hospitalId: 1, units: 1n },
            { hospitalId: 2, units: 1n },
          ],
        });
        await f.router
          .connect(f.buyer)
          .purchase(quote, await sign(f.attestor, f.chainId, f.routerAddress, quote), amount);
      }
      return { ...f, eurcAddr, daiAddr };
    }

    it("pays a hospital several tokens to its payout address, triggered by anyone", async function () {
      const { router, eurc, dai, eurcAddr, daiAddr, hospitals, other, routerAddress } = await funded();
      const tx = router.connect(other).claimHospital(1, [eurcAddr, daiAddr]);
      await expect(tx)
        .to.emit(router, "HospitalClaimed")
        .withArgs(1, eurcAddr, hospitals[0].address, 200n * EURC);
      await expect(tx)
        .to.emit(router, "HospitalClaimed")
        .withArgs(1, daiAddr, hospitals[0].address, 2n * 10n ** 20n);
      await expect(tx).to.changeTokenBalances(ethers, eurc, [hospitals[0], routerAddress], [200n * EURC, -200n * EURC]);
      await expect(tx).to.changeTokenBalances(ethers, dai, [hospitals[0]], [2n * 10n ** 20n]);
      expect(await router.hospitalBalance(1, eurcAddr)).to.equal(0n);
      // The hospital sharing the balance slot keeps its balance.
      expect(await router.hospitalBalance(2, eurcAddr)).to.equal(200n * EURC);
      expect(await router.connect(other).claimHospital.staticCall(1, [eurcAddr])).to.deep.equal([0n]);
    });

    it("pays nothing and emits nothing for a token with no balance", async function () {
      const { router, eurcAddr } = await funded();
      await router.claimHospital(1, [eurcAddr]);
      await expect(router.claimHospital(1, [eurcAddr])).not.to.emit(router, "HospitalClaimed");
      await expect(router.withdrawPayee(TREASURY, [ZERO.replace(/0$/, "1")])).not.to.emit(router, "PayeeWithdrawn");
    });

    it("pays a suspended hospital, to its rotated payout, even while paused", async function () {
      const { router, eurc, eurcAddr, hospitals, other, guardian } = await funded();
      await router.suspend(2);
      await router.connect(hospitals[1]).setPayout(2, other.address);
      await router.connect(guardian).pause();
      await expect(router.claimHospital(2, [eurcAddr])).to.changeTokenBalances(
        ethers,
        eurc,
        [other, hospitals[1]],
        [200n * EURC, 0n],
      );
    });

    it("refuses a claim for an unknown hospital", async function () {
      const { router, eurcAddr } = await funded();
      await expect(router.claimHospital(9, [eurcAddr]))
        .to.be.revertedWithCustomError(router, "DataAccessRouterUnknownHospital")
        .withArgs(9);
    });

    it("pays each payee its balance at its registered address, even while paused", async function () {
      const { router, eurc, eurcAddr, daiAddr, treasury, buyback, galeon, other, admin } = await funded();
      await router.pause();
      await expect(router.connect(other).withdrawPayee(TREASURY, [eurcAddr, daiAddr]))
        .to.emit(router, "PayeeWithdrawn")
        .withArgs(TREASURY, eurcAddr, treasury.address, 300n * EURC);
      await expect(router.withdrawPayee(BUYBACK, [eurcAddr])).to.changeTokenBalances(
        ethers,
        eurc,
        [buyback],
        [200n * EURC],
      );
      await expect(router.setPayeeAddress(GALEON, other.address))
        .to.emit(router, "PayeeAddressSet")
        .withArgs(GALEON, galeon.address, other.address);
      await expect(router.withdrawPayee(GALEON, [eurcAddr])).to.changeTokenBalances(
        ethers,
        eurc,
        [other, galeon],
        [100n * EURC, 0n],
      );
      for (const p of [TREASURY, BUYBACK, GALEON]) expect(await router.payeeBalance(p, eurcAddr)).to.equal(0n);
      expect(await router.withdrawPayee.staticCall(TREASURY, [eurcAddr])).to.deep.equal([0n]);
      expect(admin.address).to.not.equal(other.address);
    });
  });

  describe("access records", function () {
    async function bought() {
      const f = await loadFixture(fixture);
      const quote = await makeQuote(networkHelpers, {
        buyer: f.buyer.address,
        token: await f.eurc.getAddress(),
        amount: 10n,
        usage: [{ hospitalId: 1, units: 1n }],
      });
      await f.router.connect(f.buyer).purchase(quote, await sign(f.attestor, f.chainId, f.routerAddress, quote), 10n);
      return { ...f, quote };
    }

    it("expire at their expiry", async function () {
      const { router, quote } = await bought();
      expect(await router.isAccessValid(quote.accessId)).to.equal(true);
      await time.increaseTo(quote.accessExpiry);
      expect(await router.isAccessValid(quote.accessId)).to.equal(false);
      expect(await router.isAccessValid(id("never sold"))).to.equal(false);
    });

    it("can be revoked by the attestor or the admin", async function () {
      const { router, quote, attestor } = await bought();
      await expect(router.connect(attestor).revokeAccess(quote.accessId))
        .to.emit(router, "AccessRevoked")
        .withArgs(quote.accessId, attestor.address);
      expect(await router.isAccessValid(quote.accessId)).to.equal(false);
      expect((await router.accessRecord(quote.accessId))[2]).to.equal(2n);
      await expect(router.revokeAccess(quote.accessId))
        .to.be.revertedWithCustomError(router, "DataAccessRouterAccessNotActive")
        .withArgs(quote.accessId, 2);
    });

    it("are never sold again, revoked or expired: an access id is single-use forever", async function () {
      const { router, routerAddress, quote, attestor, buyer, chainId } = await bought();
      await router.connect(attestor).revokeAccess(quote.accessId);
      // A new, validly signed quote for the same id, with another price and job.
      const again = { ...quote, amount: 20n, jobHash: id("another job") };
      await expect(router.connect(buyer).purchase(again, await sign(attestor, chainId, routerAddress, again), 20n))
        .to.be.revertedWithCustomError(router, "DataAccessRouterAccessIdUsed")
        .withArgs(quote.accessId);
      await time.increaseTo(quote.accessExpiry + 1n);
      const later = { ...again, deadline: quote.accessExpiry + 3_600n, accessExpiry: quote.accessExpiry + DAY };
      await expect(router.connect(buyer).purchase(later, await sign(attestor, chainId, routerAddress, later), 20n))
        .to.be.revertedWithCustomError(router, "DataAccessRouterAccessIdUsed")
        .withArgs(quote.accessId);
      expect((await router.accessRecord(quote.accessId))[2]).to.equal(2n);
    });

    it("cannot be revoked by anyone else, nor before they exist", async function () {
      const { router, quote, other, admin } = await bought();
      await expect(router.connect(other).revokeAccess(quote.accessId))
        .to.be.revertedWithCustomError(router, "DataAccessRouterNotRevoker")
        .withArgs(other.address);
      await expect(router.connect(admin).revokeAccess(id("never sold")))
        .to.be.revertedWithCustomError(router, "DataAccessRouterAccessNotActive")
        .withArgs(id("never sold"), 0);
    });
  });

  describe("recoverToken: tokens sent to the router that were never payment tokens", function () {
    async function withStray() {
      const base = await loadFixture(fixture);
      const stray = (await ethers.deployContract("TestStablecoin", ["Stray", "STRAY", 18])) as unknown as Awaited<
        ReturnType<typeof deployRouter>
      >["eurc"];
      await stray.mint(base.routerAddress, 1_000n);
      return { ...base, stray, strayAddress: await stray.getAddress() };
    }

    it("the admin sends them where it says, whole balance with the max amount, with an event", async function () {
      const { router, stray, strayAddress, other } = await withStray();
      await expect(router.recoverToken(strayAddress, other.address, 400n))
        .to.emit(router, "TokenRecovered")
        .withArgs(strayAddress, other.address, 400n);
      await expect(router.recoverToken(strayAddress, other.address, ethers.MaxUint256))
        .to.emit(router, "TokenRecovered")
        .withArgs(strayAddress, other.address, 600n);
      expect(await stray.balanceOf(other.address)).to.equal(1_000n);
      expect(await stray.balanceOf(await router.getAddress())).to.equal(0n);
    });

    describe("reverts", function () {
      it("for a payment token, or one that ever was: what the router holds of it is owed", async function () {
        const { router, eurc, strayAddress, other } = await withStray();
        const eurcAddress = await eurc.getAddress();
        await eurc.mint(await router.getAddress(), 5n);
        await expect(router.recoverToken(eurcAddress, other.address, 5n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterTokenNotRecoverable")
          .withArgs(eurcAddress);
        await router.setTokenAllowed(eurcAddress, false);
        await expect(router.recoverToken(eurcAddress, other.address, 5n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterTokenNotRecoverable")
          .withArgs(eurcAddress);
        await router.setTokenAllowed(strayAddress, true);
        await router.setTokenAllowed(strayAddress, false);
        await expect(router.recoverToken(strayAddress, other.address, 1n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterTokenNotRecoverable")
          .withArgs(strayAddress);
      });

      it("for anyone but the admin", async function () {
        const { router, strayAddress, other } = await withStray();
        await expect(router.connect(other).recoverToken(strayAddress, other.address, 1n))
          .to.be.revertedWithCustomError(router, "OwnableUnauthorizedAccount")
          .withArgs(other.address);
      });

      it("for the zero address as token or recipient, and for zero or more than the balance", async function () {
        const { router, strayAddress, other } = await withStray();
        await expect(router.recoverToken(ZERO, other.address, 1n)).to.be.revertedWithCustomError(
          router,
          "DataAccessRouterZeroAddress",
        );
        await expect(router.recoverToken(strayAddress, ZERO, 1n)).to.be.revertedWithCustomError(
          router,
          "DataAccessRouterZeroAddress",
        );
        await expect(router.recoverToken(strayAddress, other.address, 0n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterRecoverAmountInvalid")
          .withArgs(strayAddress, 0n, 1_000n);
        await expect(router.recoverToken(strayAddress, other.address, 1_001n))
          .to.be.revertedWithCustomError(router, "DataAccessRouterRecoverAmountInvalid")
          .withArgs(strayAddress, 1_001n, 1_000n);
      });
    });
  });

  describe("configuration", function () {
    it("changes the split, and new purchases use it", async function () {
      const { router, routerAddress, eurc, attestor, buyer, chainId } = await loadFixture(fixture);
      await expect(router.setSplit(5000, 2500, 2000, 500))
        .to.emit(router, "SplitSet")
        .withArgs(5000, 2500, 2000, 500);
      expect(await router.split()).to.deep.equal([5000n, 2500n, 2000n, 500n]);
      const quote = await makeQuote(networkHelpers, {
        buyer: buyer.address,
        token: await eurc.getAddress(),
        amount: 1000n,
        usage: [{ hospitalId: 1, units: 1n }],
      });
      await expect(router.connect(buyer).purchase(quote, await sign(attestor, chainId, routerAddress, quote), 1000n))
        .to.emit(router, "Purchased")
        .withArgs(
          quote.accessId,
          quote.token,
          buyer.address,
          buyer.address,
          1000n,
          [500n, 250n, 200n, 50n],
          quote.jobHash,
          quote.accessExpiry,
          quote.usage,
          [500n],
        );
    });

    it("rotates the attestor: old signatures stop working", async function () {
      const { router, routerAddress, eurc, attestor, buyer, other, chainId } = await loadFixture(fixture);
      await expect(router.setAttestor(other.address))
        .to.emit(router, "AttestorSet")
        .withArgs(attestor.address, other.address);
      const quote = await makeQuote(networkHelpers, {
        buyer: buyer.address,
        token: await eurc.getAddress(),
        amount: 10n,
        usage: [{ hospitalId: 1, units: 1n }],
      });
      await expect(router.connect(buyer).purchase(quote, await sign(attestor, chainId, routerAddress, quote), 10n))
        .to.be.revertedWithCustomError(router, "DataAccessRouterInvalidSigner")
        .withArgs(attestor.address, other.address);
      await expect(
        router.connect(buyer).purchase(quote, await sign(other, chainId, routerAddress, quote), 10n),
      ).to.emit(router, "Purchased");
    });

    it("allowlists and delists tokens", async function () {
      const { router, other } = await loadFixture(fixture);
      await expect(router.setTokenAllowed(other.address, true))
        .to.emit(router, "TokenAllowedSet")
        .withArgs(other.address, true);
      expect(await router.isTokenAllowed(other.address)).to.equal(true);
      await expect(router.setTokenAllowed(other.address, false))
        .to.emit(router, "TokenAllowedSet")
        .withArgs(other.address, false);
      expect(await router.isTokenAllowed(other.address)).to.equal(false);
    });

    describe("reverts", function () {
      it("when a non-admin calls a setter", async function () {
        const { router, other } = await loadFixture(fixture);
        for (const call of [
          router.connect(other).setSplit(4000, 3000, 2000, 1000),
          router.connect(other).setAttestor(other.address),
          router.connect(other).setTokenAllowed(other.address, true),
          router.connect(other).setPayeeAddress(TREASURY, other.address),
        ]) {
          await expect(call)
            .to.be.revertedWithCustomError(router, "OwnableUnauthorizedAccount")
            .withArgs(other.address);
        }
      });

      it("when a payee address is the router itself or a token the router allowlists", async function () {
        const { router, routerAddress, eurc, treasury } = await loadFixture(fixture);
        const eurcAddress = await eurc.getAddress();
        for (const [payee, account] of [
          [TREASURY, routerAddress],
          [BUYBACK, eurcAddress],
          [GALEON, routerAddress],
        ] as const) {
          await expect(router.setPayeeAddress(payee, account))
            .to.be.revertedWithCustomError(router, "DataAccessRouterInvalidPayee")
            .withArgs(payee, account);
        }
        expect(await router.payeeAddress(TREASURY)).to.equal(treasury.address);
      });

      it("when a token to allow is a payee's address (and so at deployment)", async function () {
        const { router, admin, treasury, buyback, galeon, attestor, eurc } = await loadFixture(fixture);
        await expect(router.setTokenAllowed(buyback.address, true))
          .to.be.revertedWithCustomError(router, "DataAccessRouterTokenIsPayee")
          .withArgs(buyback.address, BUYBACK);
        expect(await router.isTokenAllowed(buyback.address)).to.equal(false);
        // Delisting is always possible.
        await expect(router.setTokenAllowed(galeon.address, false)).to.emit(router, "TokenAllowedSet");
        const factory = await ethers.getContractFactory("DataAccessRouter");
        const payees: [string, string, string] = [treasury.address, buyback.address, galeon.address];
        await expect(
          factory.deploy(admin.address, ZERO, 0, attestor.address, payees, [await eurc.getAddress(), treasury.address]),
        )
          .to.be.revertedWithCustomError(router, "DataAccessRouterTokenIsPayee")
          .withArgs(treasury.address, TREASURY);
      });

      it("when a setter gets the zero address", async function () {
        const { router } = await loadFixture(fixture);
        for (const call of [
          router.setAttestor(ZERO),
          router.setTokenAllowed(ZERO, true),
          router.setPayeeAddress(BUYBACK, ZERO),
        ]) {
          await expect(call).to.be.revertedWithCustomError(router, "DataAccessRouterZeroAddress");
        }
      });

      it("when the split does not sum to 10,000 or hospitals fall below 4,000", async function () {
        const { router } = await loadFixture(fixture);
        await expect(router.setSplit(4000, 3000, 2000, 999))
          .to.be.revertedWithCustomError(router, "DataAccessRouterInvalidSplit")
          .withArgs(4000, 3000, 2000, 999);
        await expect(router.setSplit(3999, 3001, 2000, 1000))
          .to.be.revertedWithCustomError(router, "DataAccessRouterInvalidSplit")
          .withArgs(3999, 3001, 2000, 1000);
      });
    });
  });
});
