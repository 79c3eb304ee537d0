// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "./Vm.sol";

/// @notice Shared base for the Solidity tests: the cheatcode handle, labelled assertions and `bound`.
/// @dev Minimal stand-in for forge-std's Test; every assertion takes a label that says what it checks.
abstract contract BaseTest {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @dev Marks a contract as an invariant/fuzz test target list holder (Foundry convention).
    bool public IS_TEST = true;

    error AssertionFailed(string label, uint256 left, uint256 right);
    error AssertionFailedAddress(string label, address left, address right);
    error AssertionFailedBool(string label);

    function assertEq(uint256 left, uint256 right, string memory label) internal pure {
        if (left != right) revert AssertionFailed(label, left, right);
    }

    function assertEq(address left, address right, string memory label) internal pure {
        if (left != right) revert AssertionFailedAddress(label, left, right);
    }

    function assertLe(uint256 left, uint256 right, string memory label) internal pure {
        if (left > right) revert AssertionFailed(label, left, right);
    }

    function assertGe(uint256 left, uint256 right, string memory label) internal pure {
        if (left < right) revert AssertionFailed(label, left, right);
    }

    function assertTrue(bool condition, string memory label) internal pure {
        if (!condition) revert AssertionFailedBool(label);
    }

    /// @dev Maps any `x` into [min, max] without discarding inputs (as forge-std's `bound`).
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min + 1;
        return min + (x % size);
    }

    /* INVARIANT TARGETING (Foundry-compatible selectors read by the fuzzer) */

    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    address[] private _targetedContracts;
    FuzzSelector[] private _targetedSelectors;

    function targetContract(address target) internal {
        _targetedContracts.push(target);
    }

    function targetSelector(FuzzSelector memory selector) internal {
        _targetedSelectors.push(selector);
    }

    function targetContracts() public view returns (address[] memory) {
        return _targetedContracts;
    }

    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _targetedSelectors;
    }
}
