// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BaseTest} from "../utils/BaseTest.sol";
import {GaleonToken} from "../../../contracts/token/GaleonToken.sol";

/// @notice Fuzz tests of $GALEON: transfers and burns conserve the supply accounting.
contract GaleonTokenFuzzTest is BaseTest {
    uint256 internal constant SUPPLY = 1_000_000_000e18;
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);

    GaleonToken internal token;

    function setUp() public {
        address[] memory recipients = new address[](2);
        uint256[] memory amounts = new uint256[](2);
        recipients[0] = ALICE;
        recipients[1] = BOB;
        amounts[0] = SUPPLY / 4;
        amounts[1] = SUPPLY - SUPPLY / 4;
        token = new GaleonToken(recipients, amounts);
    }

    function testFuzz_transfer_ConservesTotalSupply(uint256 amount, address to) public {
        vm.assume(to != address(0));
        amount = bound(amount, 0, token.balanceOf(ALICE));
        uint256 before = token.balanceOf(ALICE) + (to == ALICE ? 0 : token.balanceOf(to));
        vm.prank(ALICE);
        token.transfer(to, amount);
        uint256 afterwards = token.balanceOf(ALICE) + (to == ALICE ? 0 : token.balanceOf(to));
        assertEq(afterwards, before, "sender + recipient balances unchanged in sum");
        assertEq(token.totalSupply(), SUPPLY, "totalSupply unchanged by a transfer");
    }

    function testFuzz_burn_LowersTotalSupplyByAmount(uint256 amount) public {
        amount = bound(amount, 0, token.balanceOf(BOB));
        vm.prank(BOB);
        token.burn(amount);
        assertEq(token.totalSupply(), SUPPLY - amount, "totalSupply fell by the amount burned");
        assertEq(token.balanceOf(ALICE) + token.balanceOf(BOB), token.totalSupply(), "balances sum to supply");
    }

    function testFuzz_burnFrom_LowersTotalSupplyAndAllowance(uint256 allowance, uint256 amount) public {
        allowance = bound(allowance, 0, type(uint256).max - 1);
        amount = bound(amount, 0, allowance < token.balanceOf(ALICE) ? allowance : token.balanceOf(ALICE));
        vm.prank(ALICE);
        token.approve(BOB, allowance);
        vm.prank(BOB);
        token.burnFrom(ALICE, amount);
        assertEq(token.totalSupply(), SUPPLY - amount, "totalSupply fell by the amount burned");
        assertEq(token.allowance(ALICE, BOB), allowance - amount, "allowance spent by the amount burned");
    }

    function testFuzz_transferThenBurn_VotesFollowBalances(uint256 sent, uint256 burned) public {
        vm.prank(ALICE);
        token.delegate(ALICE);
        vm.prank(BOB);
        token.delegate(BOB);
        sent = bound(sent, 0, token.balanceOf(ALICE));
        vm.prank(ALICE);
        token.transfer(BOB, sent);
        burned = bound(burned, 0, token.balanceOf(BOB));
        vm.prank(BOB);
        token.burn(burned);
        assertEq(token.getVotes(ALICE), token.balanceOf(ALICE), "Alice's votes equal her balance");
        assertEq(token.getVotes(BOB), token.balanceOf(BOB), "Bob's votes equal his balance");
        assertEq(token.getVotes(ALICE) + token.getVotes(BOB), token.totalSupply(), "votes sum to supply");
    }
}
