// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDataAccessRouter} from "./IDataAccessRouter.sol";

/// @title IPayoutBatcher
/// @notice One transaction claims for many hospitals and tokens (a keeper paying everyone): each hospital
/// is paid by the router, to its own registered payout address, exactly as by `claimHospital`.
/// @dev Stateless and ownerless: it holds no tokens (the router pays the payouts directly) and has no
/// admin, so it adds no power to the suite. A hospital whose claim fails (a payout the token blocks) is
/// retried token by token, and what still fails is reported by an event; it never blocks the others.
interface IPayoutBatcher {
    /// @notice A hospital's claim of one token failed (e.g. its payout is blocklisted by the token); the
    /// balance stays credited to it in the router.
    /// @param hospitalId The hospital.
    /// @param token The token.
    /// @param reason The router's revert data.
    event HospitalClaimFailed(uint32 indexed hospitalId, address indexed token, bytes reason);

    /// @notice The router claimed through.
    /// @return The router.
    function ROUTER() external view returns (IDataAccessRouter);

    /// @notice Claims every token of `tokens` for every hospital of `hospitalIds`, each to its registered
    /// payout. Anyone may call; never paused.
    /// @param hospitalIds The hospitals.
    /// @param tokens The tokens.
    /// @return amounts `amounts[i][j]`: what hospital `hospitalIds[i]` was paid in `tokens[j]` (zero when
    /// nothing was credited or its claim failed).
    function claimHospitals(
        uint32[] calldata hospitalIds,
        address[] calldata tokens
    ) external returns (uint256[][] memory amounts);
}
