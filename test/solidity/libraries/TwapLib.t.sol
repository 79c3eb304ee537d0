// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {BaseTest} from "../utils/BaseTest.sol";
import {TwapLib} from "../../../contracts/libraries/TwapLib.sol";

contract TwapLibTest is BaseTest {
    uint256 internal constant MAX_RESERVE = type(uint112).max;

    /* currentCumulative / average */

    function test_currentCumulative_AddsSpotTimesElapsed() public pure {
        uint256 cumulative = TwapLib.currentCumulative(5, 100, 1_000, 10, 70);
        assertEq(cumulative, 5 + ((uint256(1_000) << 112) / 100) * 60, "cumulative grows by spot x 60 s");
    }

    function test_currentCumulative_UnchangedWhenNoTimeElapsedOrEmptyPair() public pure {
        assertEq(TwapLib.currentCumulative(7, 100, 1_000, 42, 42), 7, "same second");
        assertEq(TwapLib.currentCumulative(7, 0, 1_000, 1, 42), 7, "empty reserve in");
        assertEq(TwapLib.currentCumulative(7, 100, 0, 1, 42), 7, "empty reserve out");
    }

    function testFuzz_currentCumulative_AverageIsTheSpotAcrossBothWrapArounds(
        uint256 cumulativeLast,
        uint256 reserveIn,
        uint256 reserveOut,
        uint32 lastTimestamp,
        uint256 elapsed
    ) public pure {
        reserveIn = bound(reserveIn, 1, MAX_RESERVE);
        reserveOut = bound(reserveOut, 1, MAX_RESERVE);
        elapsed = bound(elapsed, 1, type(uint32).max);
        uint32 nowTimestamp;
        unchecked {
            // The 32-bit clock may wrap between the two readings, as in the pair.
            nowTimestamp = lastTimestamp + uint32(elapsed);
        }
        uint256 cumulative = TwapLib.currentCumulative(
            cumulativeLast,
            reserveIn,
            reserveOut,
            lastTimestamp,
            nowTimestamp
        );
        assertEq(
            TwapLib.average(cumulativeLast, cumulative, elapsed),
            TwapLib.spotPrice(reserveIn, reserveOut),
            "average of a constant price is that price, whatever the wrap-around"
        );
    }

    function testFuzz_average_TwoPricesWeightedByTime(
        uint256 cumulativeStart,
        uint256 priceA,
        uint256 priceB,
        uint256 secondsA,
        uint256 secondsB
    ) public pure {
        priceA = bound(priceA, 0, type(uint224).max);
        priceB = bound(priceB, 0, type(uint224).max);
        secondsA = bound(secondsA, 1, 7 days);
        secondsB = bound(secondsB, 1, 7 days);
        uint256 cumulativeEnd;
        unchecked {
            cumulativeEnd = cumulativeStart + priceA * secondsA + priceB * secondsB;
        }
        uint256 expected = (priceA * secondsA + priceB * secondsB) / (secondsA + secondsB);
        assertEq(TwapLib.average(cumulativeStart, cumulativeEnd, secondsA + secondsB), expected, "time-weighted mean");
    }

    /* amountOut / minOut / maxAmountIn */

    function test_amountOut_MatchesUniswapV2Library() public pure {
        // getAmountOut(1,000 tEURC, 1,000,000 tEURC, 10,000,000 GALEON) as UniswapV2Library computes it.
        uint256 amountIn = 1_000e6;
        uint256 expected = (amountIn * 997 * 10_000_000e18) / (1_000_000e6 * 1000 + amountIn * 997);
        assertEq(TwapLib.amountOut(amountIn, 1_000_000e6, 10_000_000e18), expected, "0.3% fee formula");
    }

    function test_maxAmountIn_ZeroWhenPriceIsZero() public pure {
        assertEq(TwapLib.maxAmountIn(100, 100, 0, 200), 0, "no reference price, no lot");
    }

    function testFuzz_maxAmountIn_EveryAmountUpToItMeetsMinOut(
        uint256 reserveIn,
        uint256 reserveOut,
        uint256 drift,
        uint256 deviationBps,
        uint256 seed
    ) public pure {
        reserveIn = bound(reserveIn, 1e3, 1e33);
        reserveOut = bound(reserveOut, 1e3, 1e33);
        deviationBps = bound(deviationBps, 0, 1_000);
        // A reference price within ±deviation of the spot.
        uint256 spot = TwapLib.spotPrice(reserveIn, reserveOut);
        uint256 twap = (spot * bound(drift, 10_000 - deviationBps, 10_000 + deviationBps)) / 10_000;
        uint256 maxIn = TwapLib.maxAmountIn(reserveIn, reserveOut, twap, deviationBps);
        if (maxIn == 0) return;
        for (uint256 i; i < 3; ++i) {
            uint256 amountIn = i == 0 ? maxIn : bound(uint256(keccak256(abi.encode(seed, i))), 1, maxIn);
            assertGe(
                TwapLib.amountOut(amountIn, reserveIn, reserveOut),
                TwapLib.minOut(amountIn, twap, deviationBps),
                "an amount up to maxAmountIn meets minOut"
            );
        }
    }

    /// @dev What `execute` does with the library alone: with the spot inside the band, it spends
    /// min(balance, lot, maxAmountIn). The swap then meets minOut and leaves the spot inside the band,
    /// as the pair computes it from its new reserves.
    function testFuzz_maxAmountIn_PostTradeSpotStaysInTheBand(
        uint256 reserveIn,
        uint256 reserveOut,
        uint256 drift,
        uint256 deviationBps,
        uint256 balance,
        uint256 lot
    ) public pure {
        reserveIn = bound(reserveIn, 1, MAX_RESERVE);
        reserveOut = bound(reserveOut, 1, MAX_RESERVE);
        deviationBps = bound(deviationBps, 0, 1_000);
        uint256 spot = TwapLib.spotPrice(reserveIn, reserveOut);
        uint256 twap = Math.mulDiv(spot, bound(drift, 10_000 - deviationBps, 10_000 + deviationBps), 10_000);
        if (!TwapLib.withinBand(spot, twap, deviationBps)) return; // execute refuses before sizing
        balance = bound(balance, 0, type(uint128).max);
        lot = bound(lot, 0, type(uint80).max);
        uint256 amountIn = Math.min(
            balance,
            Math.min(lot, TwapLib.maxAmountIn(reserveIn, reserveOut, twap, deviationBps))
        );
        if (amountIn == 0) return;
        uint256 out = TwapLib.amountOut(amountIn, reserveIn, reserveOut);
        assertGe(out, TwapLib.minOut(amountIn, twap, deviationBps), "the output meets minOut");
        uint256 spotAfter = TwapLib.spotPrice(reserveIn + amountIn, reserveOut - out);
        assertTrue(TwapLib.withinBand(spotAfter, twap, deviationBps), "the spot after the swap is in the band");
    }

    function testFuzz_maxAmountIn_PostTradeSpotStaysInTheBandAtTheBound(
        uint256 reserveIn,
        uint256 reserveOut,
        uint256 drift,
        uint256 deviationBps
    ) public pure {
        reserveIn = bound(reserveIn, 1e3, MAX_RESERVE);
        reserveOut = bound(reserveOut, 1e3, MAX_RESERVE);
        deviationBps = bound(deviationBps, 0, 1_000);
        uint256 spot = TwapLib.spotPrice(reserveIn, reserveOut);
        uint256 twap = Math.mulDiv(spot, bound(drift, 10_000 - deviationBps, 10_000 + deviationBps), 10_000);
        uint256 maxIn = TwapLib.maxAmountIn(reserveIn, reserveOut, twap, deviationBps);
        if (maxIn == 0 || reserveIn + maxIn > MAX_RESERVE) return; // the pair holds at most 2^112 - 1
        uint256 out = TwapLib.amountOut(maxIn, reserveIn, reserveOut);
        uint256 spotAfter = TwapLib.spotPrice(reserveIn + maxIn, reserveOut - out);
        assertTrue(TwapLib.withinBand(spotAfter, twap, deviationBps), "the largest input ends inside the band");
    }

    /// @dev The square-root-free bound gives up little: within 0.5% (and a unit) of the largest input
    /// the exact root allows, √(R × C) − R, whenever the spot is inside a band of at most 10%.
    function testFuzz_maxAmountInAboveFloor_CloseToTheExactRoot(
        uint256 reserveIn,
        uint256 reserveOut,
        uint256 drift,
        uint256 deviationBps
    ) public pure {
        reserveIn = bound(reserveIn, 1e6, MAX_RESERVE);
        reserveOut = bound(reserveOut, 1e6, MAX_RESERVE);
        deviationBps = bound(deviationBps, 0, 1_000);
        uint256 spot = TwapLib.spotPrice(reserveIn, reserveOut);
        uint256 twap = Math.mulDiv(spot, bound(drift, 10_000 - deviationBps, 10_000 + deviationBps), 10_000);
        if (!TwapLib.withinBand(spot, twap, deviationBps)) return;
        uint256 floorX112 = TwapLib.bandFloor(twap, deviationBps);
        if (floorX112 == 0) return;
        uint256 ceiling = (reserveOut << 112) / floorX112;
        uint256 exact = Math.sqrt(reserveIn * Math.min(ceiling, 4 * reserveIn));
        exact = exact > reserveIn ? exact - reserveIn : 0;
        uint256 maxIn = TwapLib.maxAmountInAboveFloor(reserveIn, reserveOut, floorX112);
        assertLe(maxIn, exact, "never above the exact root");
        uint256 byOutput = ceiling > (reserveIn * 1000 + 996) / 997 ? ceiling - (reserveIn * 1000 + 996) / 997 : 0;
        if (byOutput < exact) return; // the minOut bound binds, not the spot's
        assertGe(maxIn * 1_000 + 1_000, exact * 995, "within 0.5% of the exact root");
    }

    /// @dev reserveIn × 1000 / 997 is rounded up, and only when it is not whole: with reserveIn a multiple
    /// of 997 the output bound is exactly ceiling − reserveIn × 1000 / 997 (here it binds, not the spot's).
    function test_maxAmountInAboveFloor_FeeAdjustedReserveRoundsUpOnlyWhenInexact() public pure {
        uint256 floorX112 = 1 << 112; // price 1: the ceiling is reserveOut
        // 997,000,000 × 1000 / 997 = 1,000,000,000 exactly; the spot bound is 2,496,869.
        assertEq(TwapLib.maxAmountInAboveFloor(997e6, 1_002e6, floorX112), 2e6, "whole: not rounded up");
        // 998,000,000 × 1000 / 997 = 1,001,003,009.03: rounded up to 1,001,003,010.
        assertEq(TwapLib.maxAmountInAboveFloor(998e6, 1_003e6, floorX112), 1_996_990, "inexact: rounded up");
    }

    /// @dev The ceiling (reserveOut valued at the floor) counts up to 4 × reserveIn in the spot bound:
    /// beyond, the bound stays at 2R × 3R / 7R = 6R / 7; below, it is smaller.
    function test_maxAmountInAboveFloor_CapsTheCeilingAtFourTimesTheReserve() public pure {
        uint256 floorX112 = 1 << 112; // price 1: the ceiling is reserveOut
        uint256 reserveIn = 7e6;
        assertEq(TwapLib.maxAmountInAboveFloor(reserveIn, 28e6, floorX112), 6e6, "at 4R: 6R/7");
        assertEq(TwapLib.maxAmountInAboveFloor(reserveIn, 30e6, floorX112), 6e6, "just above 4R: capped");
        assertEq(TwapLib.maxAmountInAboveFloor(reserveIn, 50e6, floorX112), 6e6, "above 5R: capped");
        assertEq(TwapLib.maxAmountInAboveFloor(reserveIn, 100e6, floorX112), 6e6, "far above: capped");
        assertEq(
            TwapLib.maxAmountInAboveFloor(reserveIn, 27e6, floorX112),
            5_833_333,
            "below 4R: 2R(C - R) / (3R + C)"
        );
    }

    function testFuzz_bandFloorAndCeiling_AreTheEdgesOfWithinBand(uint256 ref, uint256 deviationBps) public pure {
        ref = bound(ref, 1, type(uint224).max);
        deviationBps = bound(deviationBps, 0, 1_000);
        uint256 lower = TwapLib.bandFloor(ref, deviationBps);
        uint256 upper = TwapLib.bandCeiling(ref, deviationBps);
        assertTrue(TwapLib.withinBand(lower, ref, deviationBps), "the floor is inside");
        assertTrue(TwapLib.withinBand(upper, ref, deviationBps), "the ceiling is inside");
        if (lower != 0) assertTrue(!TwapLib.withinBand(lower - 1, ref, deviationBps), "below the floor is outside");
        assertTrue(!TwapLib.withinBand(upper + 1, ref, deviationBps), "above the ceiling is outside");
    }

    function testFuzz_maxAmountIn_ZeroBelowTheFeeAdjustedBand(
        uint256 reserveIn,
        uint256 reserveOut,
        uint256 deviationBps
    ) public pure {
        reserveIn = bound(reserveIn, 1e3, 1e33);
        reserveOut = bound(reserveOut, 1e3, 1e33);
        deviationBps = bound(deviationBps, 0, 1_000);
        // Exact spot × 0.997 at or below TWAP × (1 − d): even the first unit would fall short.
        uint256 twap = Math.mulDiv(
            reserveOut * 997 * 10_000,
            2 ** 112,
            1000 * reserveIn * (10_000 - deviationBps),
            Math.Rounding.Ceil
        );
        assertEq(TwapLib.maxAmountIn(reserveIn, reserveOut, twap, deviationBps), 0, "no room in the band");
        assertGe(TwapLib.maxAmountIn(reserveIn, reserveOut, twap / 2, deviationBps), 1, "room at half that price");
    }

    function testFuzz_minOut_IsPriceLessDeviation(uint256 amountIn, uint256 price, uint256 deviationBps) public pure {
        amountIn = bound(amountIn, 0, type(uint64).max);
        price = bound(price, 0, type(uint128).max);
        deviationBps = bound(deviationBps, 0, 1_000);
        uint256 minOut = TwapLib.minOut(amountIn, price, deviationBps);
        assertEq(minOut, (amountIn * price * (10_000 - deviationBps)) / (2 ** 112 * 10_000), "floor formula");
        assertLe(minOut, TwapLib.minOut(amountIn, price, 0), "the deviation lowers minOut");
    }

    /* withinBand */

    function testFuzz_withinBand_EdgesBothWays(uint256 ref, uint256 deviationBps) public pure {
        ref = bound(ref, 10_000, type(uint224).max);
        deviationBps = bound(deviationBps, 0, 1_000);
        uint256 lower = (ref * (10_000 - deviationBps) + 9_999) / 10_000; // rounded up
        uint256 upper = (ref * (10_000 + deviationBps)) / 10_000; // rounded down
        assertTrue(TwapLib.withinBand(lower, ref, deviationBps), "lower edge inside");
        assertTrue(TwapLib.withinBand(upper, ref, deviationBps), "upper edge inside");
        assertTrue(TwapLib.withinBand(ref, ref, deviationBps), "reference inside");
        assertTrue(!TwapLib.withinBand(lower - 1, ref, deviationBps), "below the band");
        assertTrue(!TwapLib.withinBand(upper + 1, ref, deviationBps), "above the band");
    }
}
