// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";

/// @title ReentrantToken
/// @notice Hostile token for tests: during `transfer` and `transferFrom` it calls `reentryTarget` with
/// `payload` (e.g. the router's `claimHospital` or `purchase`) and bubbles up any revert.
contract ReentrantToken is ERC20 {
    address public reentryTarget;
    bytes public payload;

    constructor() ERC20("Reentrant", "RET") {}

    /// @notice Mints test tokens.
    /// @param to The recipient.
    /// @param amount The amount.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Arms the re-entry (a zero target disarms it).
    /// @param newTarget The contract to call back.
    /// @param newPayload The calldata.
    function arm(address newTarget, bytes calldata newPayload) external {
        reentryTarget = newTarget;
        payload = newPayload;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        _reenter();
        return super.transfer(to, value);
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        _reenter();
        return super.transferFrom(from, to, value);
    }

    function _reenter() private {
        if (reentryTarget != address(0)) Address.functionCall(reentryTarget, payload);
    }
}
