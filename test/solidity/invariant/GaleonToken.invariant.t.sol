// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BaseTest} from "../utils/BaseTest.sol";
import {GaleonToken} from "../../../contracts/token/GaleonToken.sol";
import {GaleonTokenHandler} from "./GaleonTokenHandler.sol";

/// @notice Invariants of $GALEON under any sequence of transfers, delegations and burns.
contract GaleonTokenInvariantTest is BaseTest {
    uint256 internal constant SUPPLY = 1_000_000_000e18;

    GaleonToken internal token;
    GaleonTokenHandler internal handler;
    address[] internal actors;

    function setUp() public {
        uint256[] memory amounts = new uint256[](5);
        for (uint256 i; i < 5; ++i) {
            actors.push(address(uint160(0x1000 + i)));
            amounts[i] = SUPPLY / 5;
        }
        token = new GaleonToken(actors, amounts);
        handler = new GaleonTokenHandler(token, actors);
        targetContract(address(handler));
    }

    /// @dev The sum of every account's voting power equals the balance of holders who delegated.
    function invariant_votingPowerEqualsDelegatedSupply() public view {
        uint256 votes;
        uint256 delegated;
        for (uint256 i; i < actors.length; ++i) {
            votes += token.getVotes(actors[i]);
            if (token.delegates(actors[i]) != address(0)) delegated += token.balanceOf(actors[i]);
        }
        assertEq(votes, delegated, "sum of votes == delegated balances");
    }

    /// @dev Burning is the only way supply moves, and balances always sum to the supply.
    function invariant_supplyFallsOnlyByBurns() public view {
        uint256 balances;
        for (uint256 i; i < actors.length; ++i) balances += token.balanceOf(actors[i]);
        assertEq(token.totalSupply(), SUPPLY - handler.burnedTotal(), "supply == minted - burned");
        assertEq(balances, token.totalSupply(), "balances sum to totalSupply");
    }
}
