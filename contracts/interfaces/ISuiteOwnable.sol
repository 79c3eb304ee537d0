// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ISuiteOwnable
/// @notice The admin rule of every owned contract of the suite (router and hospital registry, buy-back,
/// treasury): ownership moves in two steps, OpenZeppelin `Ownable2Step` (`transferOwnership(newOwner)`
/// names a pending owner, `pendingOwner()` shows it, the new owner calls `acceptOwnership()`; naming the
/// zero address cancels a pending transfer), and it can never be renounced. A proposal with a mistyped
/// address therefore leaves the contract with its admin, and no contract ends without one.
interface ISuiteOwnable {
    /* ERRORS */

    /// @notice Renouncing ownership is disabled: the contract always has an admin. The owner gets this
    /// error; anyone else gets OpenZeppelin's `OwnableUnauthorizedAccount`.
    error SuiteOwnableRenounceDisabled();
}
