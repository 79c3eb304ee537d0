// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice 512-bit products and comparisons for test oracles, written from scratch (schoolbook on
/// 128-bit halves) so that they share no code with the contracts' `Math.mulDiv`.
/// @dev A 512-bit number is a pair `(hi, lo)`, worth `hi * 2^256 + lo`.
library Wide {
    uint256 private constant LOW = type(uint128).max;

    /// @dev `a * b` in full.
    function mul(uint256 a, uint256 b) internal pure returns (uint256 hi, uint256 lo) {
        (uint256 a1, uint256 a0) = (a >> 128, a & LOW);
        (uint256 b1, uint256 b0) = (b >> 128, b & LOW);
        // Each partial product of two 128-bit halves is below 2^256; the two middle ones may sum to 2^257.
        uint256 low = a0 * b0;
        uint256 middle1 = a0 * b1;
        uint256 middle2 = a1 * b0;
        uint256 high = a1 * b1;
        // Carries are tracked by hand, and the full product is below 2^512: nothing wraps silently.
        unchecked {
            uint256 middle = middle1 + middle2;
            uint256 middleCarry = middle < middle1 ? 1 : 0;
            lo = low + (middle << 128);
            uint256 loCarry = lo < low ? 1 : 0;
            hi = high + (middle >> 128) + (middleCarry << 128) + loCarry;
        }
    }

    /// @dev `(hi, lo) + c`.
    function add(uint256 hi, uint256 lo, uint256 c) internal pure returns (uint256, uint256) {
        // The callers' sums stay far below 2^512.
        unchecked {
            uint256 sum = lo + c;
            return (hi + (sum < lo ? 1 : 0), sum);
        }
    }

    /// @dev `(aHi, aLo) < (bHi, bLo)`.
    function lt(uint256 aHi, uint256 aLo, uint256 bHi, uint256 bLo) internal pure returns (bool) {
        return aHi < bHi || (aHi == bHi && aLo < bLo);
    }

    /// @dev `(aHi, aLo) <= (bHi, bLo)`.
    function le(uint256 aHi, uint256 aLo, uint256 bHi, uint256 bLo) internal pure returns (bool) {
        return !lt(bHi, bLo, aHi, aLo);
    }
}
