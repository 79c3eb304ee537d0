// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BaseTest} from "../utils/BaseTest.sol";
import {DataAccessRouterHandler} from "./DataAccessRouterHandler.sol";
import {DataAccessRouter} from "../../../contracts/payments/DataAccessRouter.sol";
import {Payee} from "../../../contracts/interfaces/IPayeeWithdrawals.sol";
import {TestStablecoin} from "../../../contracts/testnet/TestStablecoin.sol";

/// @notice Money invariants of the router under any sequence of purchases, claims, withdrawals,
/// payout rotations, suspensions and split changes.
contract DataAccessRouterInvariantTest is BaseTest {
    uint256 internal constant ATTESTOR_KEY = 0xA77E57;

    DataAccessRouter internal router;
    DataAccessRouterHandler internal handler;
    TestStablecoin[] internal tokens;

    function setUp() public {
        tokens.push(new TestStablecoin("Test Euro", "tEURC", 6));
        tokens.push(new TestStablecoin("Test Dai", "tDAI", 18));
        address[] memory allowed = new address[](2);
        allowed[0] = address(tokens[0]);
        allowed[1] = address(tokens[1]);
        router = new DataAccessRouter(
            address(this),
            address(0),
            0,
            vm.addr(ATTESTOR_KEY),
            [address(0x7), address(0x8), address(0x9)],
            allowed
        );
        handler = new DataAccessRouterHandler(router, address(this), ATTESTOR_KEY, address(0xB0B), tokens);
        for (uint256 i; i < handler.HOSPITALS(); ++i) {
            router.register(uint32(i), address(uint160(0x40000 + i)), keccak256(abi.encode(i)));
        }
        targetContract(address(handler));
    }

    /// @dev The handler's actions work (a purchase, a claim, a withdrawal, every admin action), so
    /// the invariant runs exercise real state changes rather than reverting calls.
    function test_handler_ActionsSucceed() public {
        handler.buy(0, 5_000_000, type(uint256).max, 1);
        handler.buy(1, 7e18, 0x5, 2);
        assertEq(handler.purchases(), 2, "two purchases");
        handler.toggleSuspension(3);
        assertTrue(!router.isActive(3), "hospital 3 suspended");
        handler.toggleSuspension(3);
        assertTrue(router.isActive(3), "hospital 3 reactivated");
        handler.rotatePayout(0, 7);
        assertEq(router.payoutOf(0), address(0x50007), "payout rotated");
        handler.changeSplit(1_000, 2_000, 3_000);
        (uint16 h, , , ) = router.split();
        assertEq(h, 5_000, "split changed");
        handler.claim(0);
        handler.withdraw(0);
        assertTrue(handler.paidOut(address(tokens[0])) > 0, "claims paid out");
        assertEq(router.hospitalBalance(0, address(tokens[0])), 0, "hospital 0 claimed");
        invariant_paidInEqualsPaidOutPlusClaimable();
        invariant_balanceCoversClaimable();
    }

    /// @dev Per token: everything paid in is either paid out or still claimable.
    function invariant_paidInEqualsPaidOutPlusClaimable() public view {
        for (uint256 t; t < tokens.length; ++t) {
            address token = address(tokens[t]);
            assertEq(
                handler.paidIn(token),
                handler.paidOut(token) + _claimable(token),
                "paid in == withdrawn + still claimable"
            );
        }
    }

    /// @dev Per token: the router holds at least every claimable balance (here exactly, no stray transfers).
    function invariant_balanceCoversClaimable() public view {
        for (uint256 t; t < tokens.length; ++t) {
            address token = address(tokens[t]);
            assertGe(tokens[t].balanceOf(address(router)), _claimable(token), "router balance >= claimable");
            assertEq(
                tokens[t].balanceOf(address(router)),
                handler.paidIn(token) - handler.paidOut(token),
                "router balance == paid in - paid out"
            );
        }
    }

    function _claimable(address token) private view returns (uint256 claimable) {
        for (uint256 i; i < handler.HOSPITALS(); ++i) claimable += router.hospitalBalance(uint32(i), token);
        claimable += router.payeeBalance(Payee.Treasury, token);
        claimable += router.payeeBalance(Payee.Buyback, token);
        claimable += router.payeeBalance(Payee.Galeon, token);
    }
}
