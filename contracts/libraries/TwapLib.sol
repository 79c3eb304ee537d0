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
            if (elapsed != 0 && reserveIn != 0 && reserveOut != 0) {
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
    /// @param amountIn The input amount.
    /// @param reserveIn The reserve of the input token.
    /// @param reserveOut The reserve of the output token.
    /// @return The output amount, rounded down as the pair requires.
    function amountOut(uint256 amountIn, uint256 reserveIn, uint256 reserveOut) internal pure returns (uint256) {
        uint256 amountInWithFee = amountIn * FEE_NUMERATOR;
        return (amountInWithFee * reserveOut) / (reserveIn * FEE_DENOMINATOR + amountInWithFee);
    }

    /// @notice The least output accepted for `amountIn` at a reference price less a deviation.
    /// @param amountIn The input amount.
    /// @param priceX112 The reference price, UQ112x112.
    /// @param deviationBps The accepted deviation, basis points (below 10,000).
    /// @return floor(amountIn × price × (1 − deviation)).
    function minOut(uint256 amountIn, uint256 priceX112, uint256 deviationBps) internal pure returns (uint256) {
        return Math.mulDiv(amountIn, priceX112 * (BPS - deviationBps), Q112 * BPS);
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

    /// @notice The largest input whose output still meets `minOut` at the current reserves.
    /// @dev Solves amountOut(a) >= a × price × (1 − d) for a: a <= reserveOut / (price × (1 − d)) −
    /// reserveIn × 1000 / 997. Each division rounds towards a smaller result, so every input up to
    /// the returned value passes the `minOut` check exactly as `amountOut` and `minOut` compute it.
    /// @param reserveIn The reserve of the input token.
    /// @param reserveOut The reserve of the output token.
    /// @param priceX112 The reference price, UQ112x112 (zero: nothing is allowed).
    /// @param deviationBps The accepted deviation, basis points (below 10,000).
    /// @return The largest allowed input, zero when even the first unit would fall short.
    function maxAmountIn(
        uint256 reserveIn,
        uint256 reserveOut,
        uint256 priceX112,
        uint256 deviationBps
    ) internal pure returns (uint256) {
        if (priceX112 == 0) return 0;
        uint256 ceiling = Math.mulDiv(reserveOut * BPS, Q112, priceX112 * (BPS - deviationBps));
        uint256 feeAdjustedReserve = Math.ceilDiv(reserveIn * FEE_DENOMINATOR, FEE_NUMERATOR);
        return ceiling > feeAdjustedReserve ? ceiling - feeAdjustedReserve : 0;
    }
}
