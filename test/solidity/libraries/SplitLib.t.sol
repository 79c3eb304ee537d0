// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {BaseTest} from "../utils/BaseTest.sol";
import {SplitLib} from "../../../contracts/libraries/SplitLib.sol";

/// @notice Fuzz tests of the split: exact sums, documented rounding, each hospital within one unit.
contract SplitLibTest is BaseTest {
    uint256 internal constant MAX_AMOUNT = 1 << 128;

    function test_split_TenMillionEurc() public pure {
        SplitLib.Parts memory parts = SplitLib.split(10_000_000e6, 4_000, 3_000, 2_000);
        assertEq(parts.hospitals, 4_000_000e6, "hospitals 4,000,000 EURC");
        assertEq(parts.treasury, 3_000_000e6, "treasury 3,000,000 EURC");
        assertEq(parts.buyback, 2_000_000e6, "buy-back 2,000,000 EURC");
        assertEq(parts.galeon, 1_000_000e6, "Galeon 1,000,000 EURC");
    }

    function test_proRata_CumulativeRounding() public pure {
        uint256[] memory units = new uint256[](3);
        units[0] = 1;
        units[1] = 1;
        units[2] = 1;
        uint256[] memory shares = SplitLib.proRata(400, units);
        assertEq(shares[0], 133, "floor(400/3)");
        assertEq(shares[1], 133, "floor(800/3) - 133");
        assertEq(shares[2], 134, "400 - floor(800/3)");
    }

    /// @dev Any amount up to 2^128 and any valid split: floors for three parts, the sum is exact,
    /// Galeon's remainder is within 3 units above its exact share.
    function testFuzz_split(uint256 amount, uint256 hospitalsBps, uint256 treasuryBps, uint256 buybackBps) public pure {
        amount = bound(amount, 0, MAX_AMOUNT);
        hospitalsBps = bound(hospitalsBps, 4_000, 10_000);
        treasuryBps = bound(treasuryBps, 0, 10_000 - hospitalsBps);
        buybackBps = bound(buybackBps, 0, 10_000 - hospitalsBps - treasuryBps);
        uint256 galeonBps = 10_000 - hospitalsBps - treasuryBps - buybackBps;
        SplitLib.Parts memory p = SplitLib.split(amount, hospitalsBps, treasuryBps, buybackBps);
        assertEq(p.hospitals + p.treasury + p.buyback + p.galeon, amount, "parts sum to the amount");
        assertEq(p.hospitals, Math.mulDiv(amount, hospitalsBps, 10_000), "hospitals floored");
        assertEq(p.treasury, Math.mulDiv(amount, treasuryBps, 10_000), "treasury floored");
        assertEq(p.buyback, Math.mulDiv(amount, buybackBps, 10_000), "buy-back floored");
        uint256 galeonFloor = Math.mulDiv(amount, galeonBps, 10_000);
        assertGe(p.galeon, galeonFloor, "Galeon at least its floor");
        assertLe(p.galeon, galeonFloor + 3, "Galeon at most 3 units above its floor");
    }

    /// @dev Galeon's remainder is at least its exact share, so it is never zero when its share is not:
    /// the router checks the three floored parts only.
    function testFuzz_split_GaleonPartNotZeroWithAShare(
        uint256 amount,
        uint256 hospitalsBps,
        uint256 treasuryBps,
        uint256 buybackBps
    ) public pure {
        amount = bound(amount, 1, MAX_AMOUNT);
        hospitalsBps = bound(hospitalsBps, 4_000, 9_999);
        treasuryBps = bound(treasuryBps, 0, 9_999 - hospitalsBps);
        buybackBps = bound(buybackBps, 0, 9_999 - hospitalsBps - treasuryBps);
        uint256 galeonBps = 10_000 - hospitalsBps - treasuryBps - buybackBps;
        SplitLib.Parts memory p = SplitLib.split(amount, hospitalsBps, treasuryBps, buybackBps);
        assertTrue(p.galeon != 0, "Galeon gets something when its share is not zero");
        assertGe(p.galeon * 10_000, amount * galeonBps, "Galeon's part >= its exact share");
    }

    /// @dev Any part up to 2^128 over any usage vector (1 to 256 entries, units up to 2^224 - 1).
    function testFuzz_proRata(uint256 part, uint256[] memory rawUnits, bool small) public pure {
        part = bound(part, 0, MAX_AMOUNT);
        _checkProRata(part, _units(rawUnits, small ? 1_000 : type(uint224).max));
    }

    /// @dev The same with the largest usage vector and equal or near-equal units (many ties).
    function testFuzz_proRata_FullVector(uint256 part, uint256 seed) public pure {
        part = bound(part, 0, MAX_AMOUNT);
        uint256[] memory units = new uint256[](256);
        for (uint256 i; i < 256; ++i) units[i] = 1 + (uint256(keccak256(abi.encode(seed, i))) % 3);
        _checkProRata(part, units);
    }

    function _units(uint256[] memory raw, uint256 maxUnits) private pure returns (uint256[] memory units) {
        uint256 n = raw.length == 0 ? 1 : (raw.length > 256 ? 256 : raw.length);
        units = new uint256[](n);
        for (uint256 i; i < n; ++i) units[i] = bound(i < raw.length ? raw[i] : 1, 1, maxUnits);
    }

    function _checkProRata(uint256 part, uint256[] memory units) private pure {
        uint256[] memory shares = SplitLib.proRata(part, units);
        uint256 total;
        for (uint256 i; i < units.length; ++i) total += units[i];
        uint256 sum;
        for (uint256 i; i < units.length; ++i) {
            sum += shares[i];
            // Exact share x = part * u / total; the share must be floor(x) or, when x is not whole, ceil(x).
            uint256 floorShare = Math.mulDiv(part, units[i], total);
            uint256 ceilShare = floorShare + (mulmod(part, units[i], total) == 0 ? 0 : 1);
            assertGe(shares[i], floorShare, "share >= floor of exact share");
            assertLe(shares[i], ceilShare, "share <= ceil of exact share");
        }
        assertEq(sum, part, "shares sum to the part");
    }
}
