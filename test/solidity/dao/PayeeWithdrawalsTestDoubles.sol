// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {IPayeeWithdrawals, Payee} from "../../../contracts/interfaces/IPayeeWithdrawals.sol";
import {IGaleonTreasury} from "../../../contracts/interfaces/IGaleonTreasury.sol";

/// @notice TEST DOUBLE, not a mock of production behaviour: the smallest honest `IPayeeWithdrawals`
/// (credited balances per token, paid in full to the registered address), standing in for the
/// DataAccessRouter until it is merged; the treasury's `collect` is then tested against the real router.
contract PayeeWithdrawalsTestDouble is IPayeeWithdrawals {
    address private immutable TREASURY;
    mapping(address token => uint256) private _credited;
    /// @dev What each `withdrawPayee` call asked for, in order: the tokens and each call's list length.
    address[] public requestedTokens;
    uint256[] public requestSizes;

    constructor(address treasury) {
        TREASURY = treasury;
    }

    /// @dev The test funds this contract with the tokens first, then credits them.
    function credit(address token, uint256 amount) external {
        _credited[token] += amount;
    }

    function withdrawPayee(Payee payee, address[] calldata tokens) external returns (uint256[] memory amounts) {
        require(payee == Payee.Treasury, "double: treasury only");
        requestSizes.push(tokens.length);
        for (uint256 i; i < tokens.length; ++i) requestedTokens.push(tokens[i]);
        amounts = new uint256[](tokens.length);
        for (uint256 i; i < tokens.length; ++i) {
            amounts[i] = _credited[tokens[i]];
            _credited[tokens[i]] = 0;
            if (amounts[i] != 0) require(IERC20(tokens[i]).transfer(TREASURY, amounts[i]), "double: transfer");
        }
    }

    function payeeBalance(Payee payee, address token) external view returns (uint256) {
        return payee == Payee.Treasury ? _credited[token] : 0;
    }

    function requestCount() external view returns (uint256) {
        return requestSizes.length;
    }

    function payeeAddress(Payee payee) external view returns (address) {
        return payee == Payee.Treasury ? TREASURY : address(0);
    }
}

/// @notice TEST DOUBLE of a hostile router: claims to pay large amounts and pays nothing.
contract LyingPayeeWithdrawalsTestDouble is IPayeeWithdrawals {
    function withdrawPayee(Payee, address[] calldata tokens) external pure returns (uint256[] memory amounts) {
        amounts = new uint256[](tokens.length);
        for (uint256 i; i < tokens.length; ++i) amounts[i] = type(uint128).max;
    }

    function payeeBalance(Payee, address) external pure returns (uint256) {
        return type(uint128).max;
    }

    function payeeAddress(Payee) external pure returns (address) {
        return address(0);
    }
}

/// @notice TEST DOUBLE of a hostile router that calls `collect` again from inside `withdrawPayee`.
contract ReentrantPayeeWithdrawalsTestDouble is IPayeeWithdrawals {
    function withdrawPayee(Payee, address[] calldata tokens) external returns (uint256[] memory) {
        return IGaleonTreasury(msg.sender).collect(address(this), tokens);
    }

    function payeeBalance(Payee, address) external pure returns (uint256) {
        return 0;
    }

    function payeeAddress(Payee) external pure returns (address) {
        return address(0);
    }
}
