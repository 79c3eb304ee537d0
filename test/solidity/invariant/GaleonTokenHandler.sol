// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "../utils/Vm.sol";
import {GaleonToken} from "../../../contracts/token/GaleonToken.sol";

/// @notice Drives $GALEON through random transfers, delegations and burns among a fixed set of
/// holders, so the invariant test can compare voting power with delegated balances.
contract GaleonTokenHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    GaleonToken public immutable token;
    address[] public actors;
    uint256 public burnedTotal;
    uint256 public calls;

    constructor(GaleonToken token_, address[] memory actors_) {
        token = token_;
        actors = actors_;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        address from = actors[fromSeed % actors.length];
        address to = actors[toSeed % actors.length];
        amount = amount % (token.balanceOf(from) + 1);
        vm.prank(from);
        token.transfer(to, amount);
        calls++;
    }

    function delegate(uint256 fromSeed, uint256 toSeed, bool toZero) external {
        address from = actors[fromSeed % actors.length];
        address to = toZero ? address(0) : actors[toSeed % actors.length];
        vm.prank(from);
        token.delegate(to);
        calls++;
    }

    function burn(uint256 fromSeed, uint256 amount) external {
        address from = actors[fromSeed % actors.length];
        amount = amount % (token.balanceOf(from) + 1);
        vm.prank(from);
        token.burn(amount);
        burnedTotal += amount;
        calls++;
    }
}
