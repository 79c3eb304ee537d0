import { expect } from "chai";
import { network } from "hardhat";

import GaleonTokenModule from "../../../deploy/modules/GaleonToken.js";
import type { GaleonToken } from "../../../typechain-types/index.js";
import { PERMIT_TYPES } from "../../../domain/chain/permit.js";

const { ethers, ignition, networkHelpers } = await network.create();
const { time, loadFixture } = networkHelpers;

const E18 = 10n ** 18n;
const ALICE_ALLOCATION = 600_000_000n * E18;
const BOB_ALLOCATION = 400_000_000n * E18;
const SUPPLY = ALICE_ALLOCATION + BOB_ALLOCATION;

async function deployTokenFixture() {
  const [deployer, alice, bob, carol, spender] = await ethers.getSigners();
  const { token } = await ignition.deploy(GaleonTokenModule, {
    parameters: {
      GaleonToken: {
        recipients: [alice.address, bob.address],
        amounts: [ALICE_ALLOCATION.toString(), BOB_ALLOCATION.toString()],
      },
    },
  });
  const galeon = (await ethers.getContractAt("GaleonToken", await token.getAddress())) as unknown as GaleonToken;
  return { galeon, deployer, alice, bob, carol, spender };
}

async function signPermit(
  galeon: GaleonToken,
  owner: Awaited<ReturnType<typeof ethers.getSigners>>[number],
  spender: string,
  value: bigint,
  deadline: bigint,
  nonce?: bigint,
  claimedOwner?: string,
) {
  const { chainId } = await ethers.provider.getNetwork();
  const signature = await owner.signTypedData(
    { name: "Galeon", version: "1", chainId, verifyingContract: await galeon.getAddress() },
    PERMIT_TYPES,
    {
      owner: claimedOwner ?? owner.address,
      spender,
      value,
      nonce: nonce ?? (await galeon.nonces(owner.address)),
      deadline,
    },
  );
  return ethers.Signature.from(signature);
}

describe("GaleonToken", function () {
  describe("deployment", function () {
    it("mints the whole supply once to the allocation list", async function () {
      const { galeon, alice, bob, deployer } = await loadFixture(deployTokenFixture);
      expect(await galeon.name()).to.equal("Galeon");
      expect(await galeon.symbol()).to.equal("GALEON");
      expect(await galeon.decimals()).to.equal(18n);
      expect(await galeon.totalSupply()).to.equal(SUPPLY);
      expect(await galeon.balanceOf(alice.address)).to.equal(ALICE_ALLOCATION);
      expect(await galeon.balanceOf(bob.address)).to.equal(BOB_ALLOCATION);
      expect(await galeon.balanceOf(deployer.address)).to.equal(0n);
    });

    it("emits one allocation event and one mint Transfer per recipient", async function () {
      const [, alice, bob] = await ethers.getSigners();
      const factory = await ethers.getContractFactory("GaleonToken");
      const deployed = await factory.deploy([alice.address, bob.address], [1n, 2n]);
      const tx = deployed.deploymentTransaction()!;
      await expect(tx).to.emit(deployed, "GaleonAllocated").withArgs(alice.address, 1n);
      await expect(tx).to.emit(deployed, "GaleonAllocated").withArgs(bob.address, 2n);
      await expect(tx).to.emit(deployed, "Transfer").withArgs(ethers.ZeroAddress, bob.address, 2n);
    });

    it("uses the ERC-6372 timestamp clock", async function () {
      const { galeon } = await loadFixture(deployTokenFixture);
      expect(await galeon.CLOCK_MODE()).to.equal("mode=timestamp");
      const latest = await time.latest();
      expect(await galeon.clock()).to.equal(BigInt(latest));
    });

    it("has no mint, owner or role functions in its ABI", async function () {
      const { galeon } = await loadFixture(deployTokenFixture);
      const names = galeon.interface.fragments
        .filter((f) => f.type === "function")
        .map((f) => (f as unknown as { name: string }).name);
      for (const expected of [
        "permit",
        "nonces",
        "DOMAIN_SEPARATOR",
        "delegate",
        "delegateBySig",
        "getVotes",
        "getPastVotes",
        "getPastTotalSupply",
        "clock",
        "CLOCK_MODE",
        "burn",
        "burnFrom",
      ]) {
        expect(names, expected).to.include(expected);
      }
      for (const forbidden of names) {
        expect(forbidden).to.not.match(/mint|owner|role|pause/i);
      }
    });

    describe("reverts", function () {
      it("when the allocation list is empty", async function () {
        const factory = await ethers.getContractFactory("GaleonToken");
        await expect(factory.deploy([], [])).to.be.revertedWithCustomError(factory, "GaleonTokenEmptyAllocation");
      });

      it("when recipients and amounts differ in length", async function () {
        const [, alice] = await ethers.getSigners();
        const factory = await ethers.getContractFactory("GaleonToken");
        await expect(factory.deploy([alice.address], [1n, 2n]))
          .to.be.revertedWithCustomError(factory, "GaleonTokenAllocationLengthMismatch")
          .withArgs(1n, 2n);
      });

      it("when a recipient is the zero address", async function () {
        const [, alice] = await ethers.getSigners();
        const factory = await ethers.getContractFactory("GaleonToken");
        await expect(factory.deploy([alice.address, ethers.ZeroAddress], [1n, 1n]))
          .to.be.revertedWithCustomError(factory, "GaleonTokenZeroRecipient")
          .withArgs(1n);
      });

      it("when an amount is zero", async function () {
        const [, alice, bob] = await ethers.getSigners();
        const factory = await ethers.getContractFactory("GaleonToken");
        await expect(factory.deploy([alice.address, bob.address], [1n, 0n]))
          .to.be.revertedWithCustomError(factory, "GaleonTokenZeroAmount")
          .withArgs(1n, bob.address);
      });

      it("when a recipient appears twice", async function () {
        const [, alice, bob] = await ethers.getSigners();
        const factory = await ethers.getContractFactory("GaleonToken");
        await expect(factory.deploy([alice.address, bob.address, alice.address], [1n, 1n, 1n]))
          .to.be.revertedWithCustomError(factory, "GaleonTokenDuplicateRecipient")
          .withArgs(2n, alice.address);
      });
    });
  });

  describe("transfers", function () {
    it("moves balances and emits Transfer", async function () {
      const { galeon, alice, carol } = await loadFixture(deployTokenFixture);
      await expect(galeon.connect(alice).transfer(carol.address, 5n * E18))
        .to.emit(galeon, "Transfer")
        .withArgs(alice.address, carol.address, 5n * E18);
      expect(await galeon.balanceOf(carol.address)).to.equal(5n * E18);
      expect(await galeon.totalSupply()).to.equal(SUPPLY);
    });

    it("reverts with ERC20InsufficientBalance beyond the balance", async function () {
      const { galeon, carol, alice } = await loadFixture(deployTokenFixture);
      await expect(galeon.connect(carol).transfer(alice.address, 1n))
        .to.be.revertedWithCustomError(galeon, "ERC20InsufficientBalance")
        .withArgs(carol.address, 0n, 1n);
    });
  });

  describe("permit (EIP-2612)", function () {
    it("sets an allowance from a valid signature and bumps the nonce", async function () {
      const { galeon, alice, spender } = await loadFixture(deployTokenFixture);
      const deadline = BigInt(await time.latest()) + 3600n;
      const sig = await signPermit(galeon, alice, spender.address, 7n * E18, deadline);
      await expect(
        galeon.connect(spender).permit(alice.address, spender.address, 7n * E18, deadline, sig.v, sig.r, sig.s),
      )
        .to.emit(galeon, "Approval")
        .withArgs(alice.address, spender.address, 7n * E18);
      expect(await galeon.allowance(alice.address, spender.address)).to.equal(7n * E18);
      expect(await galeon.nonces(alice.address)).to.equal(1n);
    });

    it("exposes the EIP-712 domain separator of name Galeon, version 1", async function () {
      const { galeon } = await loadFixture(deployTokenFixture);
      const { chainId } = await ethers.provider.getNetwork();
      const expected = ethers.TypedDataEncoder.hashDomain({
        name: "Galeon",
        version: "1",
        chainId,
        verifyingContract: await galeon.getAddress(),
      });
      expect(await galeon.DOMAIN_SEPARATOR()).to.equal(expected);
    });

    describe("reverts", function () {
      it("when the deadline has passed", async function () {
        const { galeon, alice, spender } = await loadFixture(deployTokenFixture);
        const deadline = BigInt(await time.latest()) - 1n;
        const sig = await signPermit(galeon, alice, spender.address, 1n, deadline);
        await expect(galeon.permit(alice.address, spender.address, 1n, deadline, sig.v, sig.r, sig.s))
          .to.be.revertedWithCustomError(galeon, "ERC2612ExpiredSignature")
          .withArgs(deadline);
      });

      it("when the signature is replayed", async function () {
        const { galeon, alice, spender } = await loadFixture(deployTokenFixture);
        const deadline = BigInt(await time.latest()) + 3600n;
        const sig = await signPermit(galeon, alice, spender.address, 1n, deadline);
        await galeon.permit(alice.address, spender.address, 1n, deadline, sig.v, sig.r, sig.s);
        await expect(
          galeon.permit(alice.address, spender.address, 1n, deadline, sig.v, sig.r, sig.s),
        ).to.be.revertedWithCustomError(galeon, "ERC2612InvalidSigner");
      });

      it("when the signer is not the owner", async function () {
        const { galeon, alice, bob, spender } = await loadFixture(deployTokenFixture);
        const deadline = BigInt(await time.latest()) + 3600n;
        const sig = await signPermit(galeon, bob, spender.address, 1n, deadline, 0n, alice.address);
        await expect(galeon.permit(alice.address, spender.address, 1n, deadline, sig.v, sig.r, sig.s))
          .to.be.revertedWithCustomError(galeon, "ERC2612InvalidSigner")
          .withArgs(bob.address, alice.address);
        expect(await galeon.allowance(alice.address, spender.address)).to.equal(0n);
      });
    });
  });

  describe("votes and delegation", function () {
    it("gives no voting power until the holder delegates", async function () {
      const { galeon, alice } = await loadFixture(deployTokenFixture);
      expect(await galeon.getVotes(alice.address)).to.equal(0n);
      await expect(galeon.connect(alice).delegate(alice.address))
        .to.emit(galeon, "DelegateChanged")
        .withArgs(alice.address, ethers.ZeroAddress, alice.address)
        .and.to.emit(galeon, "DelegateVotesChanged")
        .withArgs(alice.address, 0n, ALICE_ALLOCATION);
      expect(await galeon.getVotes(alice.address)).to.equal(ALICE_ALLOCATION);
    });

    it("moves voting power with transfers between delegated holders", async function () {
      const { galeon, alice, bob } = await loadFixture(deployTokenFixture);
      await galeon.connect(alice).delegate(alice.address);
      await galeon.connect(bob).delegate(bob.address);
      await galeon.connect(alice).transfer(bob.address, 10n * E18);
      expect(await galeon.getVotes(alice.address)).to.equal(ALICE_ALLOCATION - 10n * E18);
      expect(await galeon.getVotes(bob.address)).to.equal(BOB_ALLOCATION + 10n * E18);
    });

    it("delegates by signature (delegateBySig)", async function () {
      const { galeon, alice, carol } = await loadFixture(deployTokenFixture);
      const { chainId } = await ethers.provider.getNetwork();
      const expiry = BigInt(await time.latest()) + 3600n;
      const nonce = await galeon.nonces(alice.address);
      const sig = ethers.Signature.from(
        await alice.signTypedData(
          { name: "Galeon", version: "1", chainId, verifyingContract: await galeon.getAddress() },
          {
            Delegation: [
              { name: "delegatee", type: "address" },
              { name: "nonce", type: "uint256" },
              { name: "expiry", type: "uint256" },
            ],
          },
          { delegatee: carol.address, nonce, expiry },
        ),
      );
      await expect(galeon.connect(carol).delegateBySig(carol.address, nonce, expiry, sig.v, sig.r, sig.s))
        .to.emit(galeon, "DelegateChanged")
        .withArgs(alice.address, ethers.ZeroAddress, carol.address);
      expect(await galeon.delegates(alice.address)).to.equal(carol.address);
      expect(await galeon.getVotes(carol.address)).to.equal(ALICE_ALLOCATION);
      await expect(
        galeon.connect(carol).delegateBySig(carol.address, nonce, expiry, sig.v, sig.r, sig.s),
      ).to.be.revertedWithCustomError(galeon, "InvalidAccountNonce");
    });

    it("reads past votes and past total supply at a timestamp", async function () {
      const { galeon, alice, bob } = await loadFixture(deployTokenFixture);
      await galeon.connect(alice).delegate(alice.address);
      const t1 = BigInt(await time.latest());
      await time.increase(100);
      await galeon.connect(alice).transfer(bob.address, 1n * E18);
      await galeon.connect(alice).burn(2n * E18);
      const t2 = BigInt(await time.latest());
      await time.increase(100);
      expect(await galeon.getPastVotes(alice.address, t1)).to.equal(ALICE_ALLOCATION);
      expect(await galeon.getPastVotes(alice.address, t2)).to.equal(ALICE_ALLOCATION - 3n * E18);
      expect(await galeon.getPastTotalSupply(t1)).to.equal(SUPPLY);
      expect(await galeon.getPastTotalSupply(t2)).to.equal(SUPPLY - 2n * E18);
    });

    it("refuses a lookup of the present or the future", async function () {
      const { galeon, alice } = await loadFixture(deployTokenFixture);
      const now = BigInt(await time.latest());
      await expect(galeon.getPastVotes(alice.address, now + 10n)).to.be.revertedWithCustomError(
        galeon,
        "ERC5805FutureLookup",
      );
    });
  });

  describe("burning", function () {
    it("burn lowers totalSupply and the holder's balance", async function () {
      const { galeon, bob } = await loadFixture(deployTokenFixture);
      await expect(galeon.connect(bob).burn(3n * E18))
        .to.emit(galeon, "Transfer")
        .withArgs(bob.address, ethers.ZeroAddress, 3n * E18);
      expect(await galeon.totalSupply()).to.equal(SUPPLY - 3n * E18);
      expect(await galeon.balanceOf(bob.address)).to.equal(BOB_ALLOCATION - 3n * E18);
    });

    it("burnFrom spends the allowance and lowers totalSupply", async function () {
      const { galeon, alice, spender } = await loadFixture(deployTokenFixture);
      await galeon.connect(alice).approve(spender.address, 5n * E18);
      await galeon.connect(spender).burnFrom(alice.address, 2n * E18);
      expect(await galeon.totalSupply()).to.equal(SUPPLY - 2n * E18);
      expect(await galeon.allowance(alice.address, spender.address)).to.equal(3n * E18);
    });

    it("burnFrom reverts beyond the allowance", async function () {
      const { galeon, alice, spender } = await loadFixture(deployTokenFixture);
      await expect(galeon.connect(spender).burnFrom(alice.address, 1n))
        .to.be.revertedWithCustomError(galeon, "ERC20InsufficientAllowance")
        .withArgs(spender.address, 0n, 1n);
    });
  });
});
