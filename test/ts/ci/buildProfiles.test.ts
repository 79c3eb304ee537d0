/**
 * `ignition deploy` and `verify` build with the "production" profile, tests and the demo with
 * "default". They must be the same configuration, down to the key order Hardhat hashes into its
 * build ids: then a deployment reuses the tested build (no second compilation) and deploys exactly
 * the bytecode the tests and the gas benchmark measured.
 */
import { expect } from "chai";
import hre from "hardhat";

describe("build profiles (hardhat.config.ts)", function () {
  it("production is identical to default, so Ignition reuses the tested build", function () {
    const { default: byDefault, production } = hre.config.solidity.profiles;
    expect(JSON.stringify(production)).to.equal(JSON.stringify(byDefault));
  });

  it("production keeps the suite's compiler settings (Hardhat's own copies only the version)", function () {
    const [compiler] = hre.config.solidity.profiles.production.compilers;
    expect(compiler.version).to.equal("0.8.30");
    expect(compiler.settings.evmVersion).to.equal("cancun");
    expect(compiler.settings.optimizer).to.deep.equal({ enabled: true, runs: 10_000 });
    expect(hre.config.solidity.profiles.production.isolated).to.equal(false);
  });
});
