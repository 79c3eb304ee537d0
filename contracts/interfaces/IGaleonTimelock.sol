// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IGaleonTimelock
/// @notice What GaleonTimelock adds to OpenZeppelin's TimelockController: it cannot be stranded.
interface IGaleonTimelock {
    /* ERRORS */

    /// @notice A revocation or renunciation would leave nobody with a role the suite needs (proposer,
    /// canceller, executor or admin): grant the role to its new holder first.
    /// @param role The role.
    /// @param account Its last holder.
    error GaleonTimelockLastRoleMember(bytes32 role, address account);

    /// @notice A delay above `MAX_DELAY` was asked for.
    /// @param delay The delay asked for (seconds).
    /// @param maxDelay The bound (seconds).
    error GaleonTimelockDelayTooLong(uint256 delay, uint256 maxDelay);

    /* VIEWS */

    /// @notice The longest delay the timelock accepts.
    /// @return The bound (30 days, in seconds).
    function MAX_DELAY() external view returns (uint256);

    /// @notice How many accounts hold `role`.
    /// @param role The role.
    /// @return The number of holders.
    function roleMembers(bytes32 role) external view returns (uint256);
}
