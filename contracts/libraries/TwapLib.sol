// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// The bounds are inclusive by specification (a window of at least 30 minutes, at most `lot`, an
// output of at least `minOut`): strict rewrites would obscure them for a few gas.
// solhint-disable gas-strict-inequalities

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title TwapLib
/// @notice Pure math of the buy-back: Uniswap V2 cumulative prices and time-weighted averages in
/// UQ112x112 (Solidity 0.8 port of the wrap-around arithmetic of the V2 oracle library), the V2
/// constant-product output with its 0.3% fee, the price band and the largest input that stays in it.
/// @dev Prices are "out per in" in base units, scaled by 2^112: for the pair's token0 as input this is
/// the quantity the pair accumulates in `price0CumulativeLast` (reserve1 / reserve0).
library TwapLib {
    /// @dev 2^112, the UQ112x112 unit.
    uint256 internal constant Q112 = 1 << 112;
    /// @dev 100% in basis points.
    uint256 internal constant BPS = 10_000;
    /// @dev Uniswap V2 fee: the input counts for 997 / 1000.
    uint256 internal constant FEE_NUMERATOR = 997;
    uint256 internal constant FEE_DENOMINATOR = 1000;

    /// @notice The cumulative price the pair would report now, had it been touched this block.
    /// @param cumulativeLast The pair's `price{0,1}CumulativeLast` for the input token.
    /// @param reserveIn The pair's reserve of the input token.
    /// @param reserveOut The pair's reserve of the output token.
    /// @param lastTimestamp The pair's `blockTimestampLast` (seconds mod 2^32).
    /// @param nowTimestamp The current block timestamp, truncated to 32 bits.
    /// @return cumulative The counterfactual cumulative price (UQ112x112 seconds, mod 2^256).
    function currentCumulative(
        uint256 cumulativeLast,
        uint256 reserveIn,
        uint256 reserveOut,
        uint32 lastTimestamp,
        uint32 nowTimestamp
    ) internal pure returns (uint256 cumulative) {
        // Wrap-around is intended, as in the pair: the 32-bit clock wraps every 136 years and the
        // cumulative sum is only ever used through differences taken modulo 2^256. The product
        // cannot overflow either: a price is below 2^224 (reserves are uint112) and elapsed below 2^32.
        unchecked {
            uint32 elapsed = nowTimestamp - lastTimestamp;
            cumulative = cumulativeLast;
            // No test of `elapsed`: adding zero costs the same gas as adding the elapsed time's share,
            // so a gas estimate made in the pair's own second holds a second later.
            if (reserveIn != 0 && reserveOut != 0) {
                cumulative += ((reserveOut << 112) / reserveIn) * elapsed;
            }
        }
    }

    /// @notice The time-weighted average price between two cumulative readings.
    /// @param cumulativeStart The earlier cumulative price.
    /// @param cumulativeEnd The later cumulative price.
    /// @param elapsed The seconds between the two readings (non-zero).
    /// @return priceX112 The average price, UQ112x112.
    function average(
        uint256 cumulativeStart,
        uint256 cumulativeEnd,
        uint256 elapsed
    ) internal pure returns (uint256 priceX112) {
        // The subtraction wraps on purpose: the true difference (average price below 2^224 times
        // fewer than 2^32 seconds) is below 2^256, so it is exact modulo 2^256.
        unchecked {
            priceX112 = (cumulativeEnd - cumulativeStart) / elapsed;
        }
    }

    /// @notice The spot price of the pair, out per in, UQ112x112.
    /// @param reserveIn The reserve of the input token (non-zero).
    /// @param reserveOut The reserve of the output token.
    /// @return priceX112 reserveOut / reserveIn, UQ112x112.
    function spotPrice(uint256 reserveIn, uint256 reserveOut) internal pure returns (uint256 priceX112) {
        return (reserveOut << 112) / reserveIn;
    }

    /// @notice The Uniswap V2 output for `amountIn` after the 0.3% fee (`UniswapV2Library.getAmountOut`).
    /// @param amountIn The input amount (below 2^112, as the pair's reserve after it must be).
    /// @param reserveIn The reserve of the input token (below 2^112).
    /// @param reserveOut The reserve of the output token (below 2^112).
    /// @return The output amount, rounded down as the pair requires.
    function amountOut(uint256 amountIn, uint256 reserveIn, uint256 reserveOut) internal pure returns (uint256) {
        // Cannot overflow with the three amounts below 2^112: the products are below 2^234.
        unchecked {
            uint256 amountInWithFee = amountIn * FEE_NUMERATOR;
            return (amountInWithFee * reserveOut) / (reserveIn * FEE_DENOMINATOR + amountInWithFee);
        }
    }

    /// @notice The least output accepted for `amountIn` at a reference price less a deviation.
    /// @param amountIn The input amount.
    /// @param priceX112 The reference price, UQ112x112 (below 2^224, as every average of the pair's prices).
    /// @param deviationBps The accepted deviation, basis points (below 10,000).
    /// @return floor(amountIn × price × (1 − deviation)).
    function minOut(uint256 amountIn, uint256 priceX112, uint256 deviationBps) internal pure returns (uint256) {
        uint256 scaledPrice;
        // Cannot overflow: below 2^224 × 10,000 < 2^238.
        unchecked {
            scaledPrice = priceX112 * (BPS - deviationBps);
        }
        return Math.mulDiv(amountIn, scaledPrice, Q112 * BPS);
    }

    /// @notice Whether a spot price lies within `deviationBps` of a reference price, both ways.
    /// @param spotX112 The spot price, UQ112x112.
    /// @param referenceX112 The reference (time-weighted) price, UQ112x112.
    /// @param deviationBps The band half-width, basis points (at most 10,000).
    /// @return True when reference × (1 − d) <= spot <= reference × (1 + d).
    function withinBand(uint256 spotX112, uint256 referenceX112, uint256 deviationBps) internal pure returns (bool) {
        uint256 scaledSpot = spotX112 * BPS;
        return scaledSpot >= referenceX112 * (BPS - deviationBps) && scaledSpot <= referenceX112 * (BPS + deviationBps);
    }

    /// @notice The band's floor: the least spot price `withinBand` accepts.
    /// @param referenceX112 The reference (time-weighted) price, UQ112x112 (below 2^224, as every
    /// average of the pair's prices).
    /// @param deviationBps The band half-width, basis points (at most 10,000).
    /// @return ⌈reference × (1 − d)⌉, UQ112x112.
    function bandFloor(uint256 referenceX112, uint256 deviationBps) internal pure returns (uint256) {
        // Cannot overflow: below 2^224 × 10,000 + 9,999 < 2^238. Rounded up by adding BPS − 1.
        unchecked {
            return (referenceX112 * (BPS - deviationBps) + BPS - 1) / BPS;
        }
    }

    /// @notice The band's ceiling: the greatest spot price `withinBand` accepts.
    /// @param referenceX112 The reference (time-weighted) price, UQ112x112 (below 2^224).
    /// @param deviationBps The band half-width, basis points (at most 10,000).
    /// @return ⌊reference × (1 + d)⌋, UQ112x112.
    function bandCeiling(uint256 referenceX112, uint256 deviationBps) internal pure returns (uint256) {
        // Cannot overflow: below 2^224 × 20,000 < 2^239.
        unchecked {
            return (referenceX112 * (BPS + deviationBps)) / BPS;
        }
    }

    /// @notice The largest input, by a conservative closed form, that both meets `minOut` and leaves
    /// the spot price after the swap at or above the band's floor reference × (1 − d).
    /// @dev `maxAmountInAboveFloor` at `bandFloor(priceX112, deviationBps)`.
    /// @param reserveIn The reserve of the input token (non-zero, below 2^112).
    /// @param reserveOut The reserve of the output token (below 2^112).
    /// @param priceX112 The reference price, UQ112x112 (zero: nothing is allowed).
    /// @param deviationBps The accepted deviation, basis points (below 10,000).
    /// @return The largest allowed input, zero when even the first unit would fall short.
    function maxAmountIn(
        uint256 reserveIn,
        uint256 reserveOut,
        uint256 priceX112,
        uint256 deviationBps
    ) internal pure returns (uint256) {
        return maxAmountInAboveFloor(reserveIn, reserveOut, bandFloor(priceX112, deviationBps));
    }

    /// @notice The largest input, by a conservative closed form, that both meets the output
    /// `input × floor` (so `minOut`, whose price is at most the floor) and leaves the spot price after
    /// the swap at or above `floorX112`, exactly as `spotPrice` computes it from the new reserves.
    /// @dev Let R = reserveIn, F = floorX112 and C = ⌊reserveOut / F⌋ (reserveOut valued at the floor, in
    /// input units). Every input a up to the result satisfies both bounds:
    /// - output: a <= C − ⌈R × 1000 / 997⌉ gives amountOut(a) >= a × F.
    /// - spot after: (R + a)² <= R × C. The pair's product never falls in a swap (the fee stays in),
    ///   so reserveOut' >= R × reserveOut / (R + a), and the new spot reserveOut' / (R + a) >=
    ///   R × reserveOut / (R + a)² >= F. The largest such a is √(RC) − R = R(C − R) / (√(RC) + R); with
    ///   √(RC) <= (R + C) / 2 (arithmetic-geometric means) it is at least 2R(C − R) / (3R + C), the
    ///   bound used: no square root, and within (C/R − 1)² / 16 of the exact one (0.003% for a 2% band).
    ///   C is capped at 4R for the products to fit 256 bits: the cap binds only far outside any band
    ///   of at most 10% (a spot above 4 × F), where it makes the result smaller, never larger.
    /// Each rounding makes the result smaller.
    /// @param reserveIn The reserve of the input token (non-zero, below 2^112).
    /// @param reserveOut The reserve of the output token (below 2^112).
    /// @param floorX112 The least spot price accepted after the swap, UQ112x112 (zero: nothing allowed).
    /// @return The largest allowed input, zero when even the first unit would fall short.
    function maxAmountInAboveFloor(
        uint256 reserveIn,
        uint256 reserveOut,
        uint256 floorX112
    ) internal pure returns (uint256) {
        if (floorX112 == 0) return 0;
        // Cannot overflow or underflow with both reserves below 2^112: the largest product is
        // 2 × reserveIn × 3 × reserveIn < 2^227, and each difference is checked positive first.
        unchecked {
            uint256 ceiling = (reserveOut << 112) / floorX112;
            // reserveIn × 1000 / 997, rounded up.
            uint256 feeAdjustedReserve = (reserveIn * FEE_DENOMINATOR + FEE_NUMERATOR - 1) / FEE_NUMERATOR;
            if (ceiling <= feeAdjustedReserve) return 0;
            uint256 byOutput = ceiling - feeAdjustedReserve;
            uint256 capped = ceiling < 4 * reserveIn ? ceiling : 4 * reserveIn;
            // capped > reserveIn: ceiling > feeAdjustedReserve >= reserveIn, and 4 × reserveIn > reserveIn.
            uint256 bySpot = (2 * reserveIn * (capped - reserveIn)) / (3 * reserveIn + capped);
            return byOutput < bySpot ? byOutput : bySpot;
        }
    }
}
