// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {SuiteOwnable} from "../access/SuiteOwnable.sol";
import {IGaleonTreasury} from "../interfaces/IGaleonTreasury.sol";
import {IPayeeWithdrawals, Payee} from "../interfaces/IPayeeWithdrawals.sol";

/// @title GaleonTreasury
/// @notice Holds the DAO's 30% leg. Anyone pulls it from the router; only the owner (the DAO
/// timelock; SuiteOwnable: two-step transfers, never renounced) pays out, in tokens, ETH or vesting grants.
contract GaleonTreasury is SuiteOwnable, ReentrancyGuard, IGaleonTreasury {
    using SafeERC20 for IERC20;

    /* STORAGE */

    VestingGrant[] private _vestingGrants;

    /// @param initialOwner The owner: the DAO timelock.
    constructor(address initialOwner) Ownable(initialOwner) {}

    /// @notice Accepts ETH from anyone.
    receive() external payable {
        emit EthReceived(msg.sender, msg.value);
    }

    /* PERMISSIONLESS FUNCTIONS */

    /// @inheritdoc IGaleonTreasury
    function collect(
        address router,
        address[] calldata tokens
    ) external nonReentrant returns (uint256[] memory amounts) {
        require(router != address(0), GaleonTreasuryZeroAddress());
        uint256 count = tokens.length;
        amounts = new uint256[](count);
        address[] memory one = new address[](1);
        for (uint256 i; i < count; ++i) {
            IERC20 token = IERC20(tokens[i]);
            uint256 before = token.balanceOf(address(this));
            one[0] = address(token);
            IPayeeWithdrawals(router).withdrawPayee(Payee.Treasury, one);
            // A balance that shrinks while the router pays us is a hostile token or router: the
            // subtraction reverts.
            uint256 received = token.balanceOf(address(this)) - before;
            amounts[i] = received;
            emit Collected(router, address(token), received);
        }
    }

    /* OWNER-ONLY FUNCTIONS */

    /// @inheritdoc IGaleonTreasury
    function transferToken(address token, address to, uint256 amount) external onlyOwner {
        _checkTokenPayment(token, to, amount);
        emit TokenPaid(token, to, amount);
        IERC20(token).safeTransfer(to, amount);
    }

    /// @inheritdoc IGaleonTreasury
    function transferEth(address payable to, uint256 amount) external onlyOwner {
        require(to != address(0), GaleonTreasuryZeroAddress());
        require(amount != 0, GaleonTreasuryZeroAmount());
        uint256 balance = address(this).balance;
        require(!(amount > balance), GaleonTreasuryInsufficientBalance(address(0), balance, amount));
        emit EthPaid(to, amount);
        // solhint-disable-next-line avoid-low-level-calls
        (bool success, ) = to.call{value: amount}("");
        require(success, GaleonTreasuryEthTransferFailed(to, amount));
    }

    /// @inheritdoc IGaleonTreasury
    function createVestingGrant(
        address beneficiary,
        address token,
        uint256 amount,
        uint64 start,
        uint64 duration
    ) external onlyOwner returns (uint256 grantId, address wallet) {
        _checkTokenPayment(token, beneficiary, amount);
        // The wallet's code is OpenZeppelin's, created here: it makes no call back, so creating it
        // before the effects cannot reenter; its address is needed for the record and the event.
        wallet = address(new VestingWallet(beneficiary, start, duration));
        grantId = _vestingGrants.length;
        _vestingGrants.push(VestingGrant(wallet, beneficiary, token, amount, start, duration));
        emit VestingGrantCreated(grantId, wallet, beneficiary, token, amount, start, duration);
        IERC20(token).safeTransfer(wallet, amount);
    }

    /* VIEWS */

    /// @inheritdoc IGaleonTreasury
    function balanceOf(address token) external view returns (uint256) {
        return IERC20(token).balanceOf(address(this));
    }

    /// @inheritdoc IGaleonTreasury
    function ethBalance() external view returns (uint256) {
        return address(this).balance;
    }

    /// @inheritdoc IGaleonTreasury
    function vestingGrantCount() external view returns (uint256) {
        return _vestingGrants.length;
    }

    /// @inheritdoc IGaleonTreasury
    function vestingGrant(uint256 grantId) external view returns (VestingGrant memory) {
        return _vestingGrants[grantId];
    }

    /* INTERNAL */

    function _checkTokenPayment(address token, address to, uint256 amount) private view {
        require(token != address(0) && to != address(0), GaleonTreasuryZeroAddress());
        require(amount != 0, GaleonTreasuryZeroAmount());
        uint256 balance = IERC20(token).balanceOf(address(this));
        require(!(amount > balance), GaleonTreasuryInsufficientBalance(token, balance, amount));
    }
}
