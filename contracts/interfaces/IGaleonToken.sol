// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";

/// @title IGaleonToken
/// @notice $GALEON, the governance token of the Galeon suite: ERC-20 with EIP-2612 permit, ERC-5805
/// votes with delegation on an ERC-6372 timestamp clock, and burning. The whole supply is minted
/// once, in the constructor, to an allocation list; there is no mint function, no owner and no pause.
/// @dev Votes are counted at timestamps: `clock()` returns `block.timestamp` and
/// `CLOCK_MODE()` returns `"mode=timestamp"`, so `getPastVotes(account, t)` takes a timestamp.
interface IGaleonToken is IERC20Metadata, IERC20Permit, IERC5805 {
    /* ERRORS */

    /// @notice The allocation list given to the constructor is empty.
    error GaleonTokenEmptyAllocation();

    /// @notice The allocation list has a different number of recipients and amounts.
    /// @param recipients The number of recipients given.
    /// @param amounts The number of amounts given.
    error GaleonTokenAllocationLengthMismatch(uint256 recipients, uint256 amounts);

    /// @notice An allocation names the zero address.
    /// @param index The position of the offending allocation.
    error GaleonTokenZeroRecipient(uint256 index);

    /// @notice An allocation has a zero amount.
    /// @param index The position of the offending allocation.
    /// @param recipient The recipient of that allocation.
    error GaleonTokenZeroAmount(uint256 index, address recipient);

    /// @notice A recipient appears twice in the allocation list.
    /// @param index The position of the second occurrence.
    /// @param recipient The repeated recipient.
    error GaleonTokenDuplicateRecipient(uint256 index, address recipient);

    /* EVENTS */

    /// @notice Emitted once per allocation when the supply is minted at deployment.
    /// @param recipient The holder receiving the allocation.
    /// @param amount The amount minted to it, in base units (18 decimals).
    event GaleonAllocated(address indexed recipient, uint256 amount);

    /* FUNCTIONS */

    /// @notice Destroys `value` tokens of the caller, lowering `totalSupply` (and the caller's
    /// delegate's voting power).
    /// @param value The amount to burn, in base units.
    function burn(uint256 value) external;

    /// @notice Destroys `value` tokens of `account`, spending the caller's allowance, lowering
    /// `totalSupply`.
    /// @param account The holder whose tokens are burned.
    /// @param value The amount to burn, in base units.
    function burnFrom(address account, uint256 value) external;
}
