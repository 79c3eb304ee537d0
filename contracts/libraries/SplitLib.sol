// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title SplitLib
/// @notice The payment split, exact to the base unit.
/// @dev Rounding rule (deterministic):
/// - treasury, buy-back and hospitals parts are each `floor(amount * bps / 10_000)`;
/// - Galeon gets the remainder, `amount - hospitals - treasury - buyback`, so the four parts always
///   sum to `amount`; Galeon's part exceeds its exact share by less than 3 base units;
/// - the hospitals' part `H` is divided pro rata to units with cumulative rounding: with `c_i` the
///   units of entries `0..i` and `T` the total, hospital `i` gets `floor(H * c_i / T) -
///   floor(H * c_{i-1} / T)`. The shares telescope to exactly `H`, and each lies strictly within one
///   base unit of its exact share `H * u_i / T`.
/// Valid for any `amount < 2^242` (the router bounds it to `2^128 - 1`) and any units (512-bit
/// intermediate products).
library SplitLib {
    /// @dev 100% in basis points.
    uint256 internal constant BPS = 10_000;

    /// @notice The four parts of one payment, in token base units.
    struct Parts {
        uint256 hospitals;
        uint256 treasury;
        uint256 buyback;
        uint256 galeon;
    }

    /// @notice Splits `amount` by basis points; the remainder goes to Galeon.
    /// @param amount The amount paid, in base units; below 2^242.
    /// @param hospitalsBps Hospitals' share, in basis points.
    /// @param treasuryBps Treasury's share, in basis points.
    /// @param buybackBps Buy-back's share, in basis points.
    /// @return parts The four parts; they sum to `amount`.
    /// @dev The caller guarantees `hospitalsBps + treasuryBps + buybackBps <= 10_000`.
    function split(
        uint256 amount,
        uint256 hospitalsBps,
        uint256 treasuryBps,
        uint256 buybackBps
    ) internal pure returns (Parts memory parts) {
        // amount < 2^242 and bps <= 10_000 < 2^14: no product overflows (checked anyway).
        parts.hospitals = (amount * hospitalsBps) / BPS;
        parts.treasury = (amount * treasuryBps) / BPS;
        parts.buyback = (amount * buybackBps) / BPS;
        // Each floored part is at most amount * bps / 10_000 and the bps sum to at most 10_000,
        // so the three parts sum to at most `amount`; the subtraction is checked anyway.
        parts.galeon = amount - parts.hospitals - parts.treasury - parts.buyback;
    }

    /// @notice The cumulative floor `floor(part * cumulativeUnits / totalUnits)`; a hospital's share is
    /// the difference between its cumulative floor and the previous hospital's.
    /// @param part The hospitals' part.
    /// @param cumulativeUnits The units of this hospital and of every hospital before it.
    /// @param totalUnits The units of the whole usage vector; not zero.
    /// @return The cumulative floor.
    function cumulativeShare(
        uint256 part,
        uint256 cumulativeUnits,
        uint256 totalUnits
    ) internal pure returns (uint256) {
        return Math.mulDiv(part, cumulativeUnits, totalUnits);
    }

    /// @notice Divides `part` pro rata to `units` (the rounding rule above).
    /// @param part The amount to divide.
    /// @param units The units of each recipient; their sum must not be zero.
    /// @return shares Each recipient's share; they sum to `part`.
    function proRata(uint256 part, uint256[] memory units) internal pure returns (uint256[] memory shares) {
        uint256 n = units.length;
        uint256 total;
        for (uint256 i; i < n; ++i) total += units[i];
        shares = new uint256[](n);
        uint256 cumulative;
        uint256 previous;
        for (uint256 i; i < n; ++i) {
            cumulative += units[i];
            uint256 upTo = cumulativeShare(part, cumulative, total);
            // Cumulative floors never decrease as `cumulative` grows.
            unchecked {
                shares[i] = upTo - previous;
            }
            previous = upTo;
        }
    }
}
