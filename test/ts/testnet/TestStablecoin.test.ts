import { expect } from "chai";
import { network } from "hardhat";

const { ethers } = await network.create();

describe("TestStablecoin", function () {
  it("has the decimals it was deployed with and mints from the faucet", async function () {
    const [, user] = await ethers.getSigners();
    const eurc = await ethers.deployContract("TestStablecoin", ["Test Euro", "tEURC", 6]);
    expect(await eurc.decimals()).to.equal(6n);
    await expect(eurc.mint(user.address, 1_000_000n)).to.emit(eurc, "FaucetMinted").withArgs(user.address, 1_000_000n);
    expect(await eurc.balanceOf(user.address)).to.equal(1_000_000n);
  });
});
