// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BaseTest} from "../utils/BaseTest.sol";
import {JobEscrowHandler} from "./JobEscrowHandler.sol";
import {RouterTestLib} from "../payments/RouterTestLib.sol";
import {DataAccessRouter} from "../../../contracts/payments/DataAccessRouter.sol";
import {JobEscrow} from "../../../contracts/payments/JobEscrow.sol";
import {Payee} from "../../../contracts/interfaces/IPayeeWithdrawals.sol";
import {BlocklistToken} from "../../../contracts/mocks/BlocklistToken.sol";
import {TestStablecoin} from "../../../contracts/testnet/TestStablecoin.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice Money invariants of the escrow under any sequence of the handler's actions, against its ghost
/// ledger: every locked unit ends exactly once in the split or back with its payer, the escrow holds
/// exactly its open locks and deferred refunds, each payer holds what the model says, each settlement's
/// split matches the handler's own arithmetic, and every lock is settled or refunded at most once.
contract JobEscrowInvariantTest is BaseTest {
    uint256 internal constant ATTESTOR_KEY = 0xA77E57;

    DataAccessRouter internal router;
    JobEscrow internal escrow;
    JobEscrowHandler internal handler;

    function setUp() public {
        TestStablecoin eurc = new TestStablecoin("Test Euro", "tEURC", 6);
        BlocklistToken blocklist = new BlocklistToken();
        address[] memory tokens = new address[](2);
        tokens[0] = address(eurc);
        tokens[1] = address(blocklist);
        router = RouterTestLib.deploy(ATTESTOR_KEY, [address(0x70001), address(0x70002), address(0x70003)], tokens);
        for (uint256 i = 1; i <= 6; ++i) {
            router.register(uint32(i), address(uint160(0x10000 + i)), keccak256(abi.encode(i)));
        }
        escrow = new JobEscrow(address(this), address(0), 0, router);
        handler = new JobEscrowHandler(router, escrow, address(eurc), blocklist);
        // The handler plays the owner (the DAO) too, for `recoverToken`.
        escrow.transferOwnership(address(handler));
        vm.prank(address(handler));
        escrow.acceptOwnership();
        targetContract(address(handler));
    }

    /// @dev Every action does what the model says: the invariant runs then exercise real state changes.
    function test_handler_DrivesEveryPath() public {
        handler.fund(0, 0, 5_000e6, type(uint256).max, 1 days);
        handler.fund(1, 1, 5_000e6, 0, 1 days);
        handler.fund(2, 0, 5_000e6, 0, 1 days);
        handler.fund(0, 1, 5_000e6, 0, 1 days);
        handler.settle(0, 8 * 1e9 + 3, 5, false);
        handler.toggleBlock(1);
        handler.settle(1, 8, 2, false);
        assertEq(handler.count("settle at zero"), 1, "settled at zero (a blocked payer's refund deferred)");
        assertEq(handler.count("settle"), 1, "settled in between");
        handler.settle(0, 1, 1, false);
        assertEq(handler.count("settle refused"), 1, "a second settlement refused");
        handler.refund(2, false);
        handler.refund(2, true);
        assertEq(handler.count("refund"), 1, "refunded after its deadline only");
        handler.refund(1, true);
        handler.settle(3, 1, 1, true);
        assertEq(handler.count("refund refused"), 2, "before the deadline, and once settled");
        assertEq(handler.count("settle refused"), 2, "settled too late");
        handler.withdrawRefund(1);
        assertEq(handler.count("withdraw"), 1, "the blocked payer withdrew elsewhere");
        handler.recover(0, 1);
        handler.gift(0, 999);
        handler.recover(0, 2);
        handler.recover(0, 1);
        handler.gift(1, 5);
        handler.recover(1, 0);
        assertEq(handler.count("recover refused"), 2, "nothing to recover, then more than the excess");
        assertEq(handler.count("recover"), 2, "the excess, then everything recoverable");
        assertEq(handler.unexpected(), 0, handler.lastUnexpected());
        _checkAll();
    }

    function _checkAll() internal view {
        invariant_escrowHoldsExactlyOpenLocksAndDeferredRefunds();
        invariant_everyLockedUnitEndsExactlyOnce();
        invariant_payersHoldWhatTheModelSays();
        invariant_splitMatchesTheOracle();
        invariant_locksEndAsModelled();
    }

    /// @dev For each token: the escrow's committed total == open locks + deferred refunds, and its balance
    /// is exactly that plus the gifts not recovered; the owner recovered only gifts.
    function invariant_escrowHoldsExactlyOpenLocksAndDeferredRefunds() public view {
        address[2] memory tokens = handler.tokens();
        for (uint256 t; t < 2; ++t) {
            address token = tokens[t];
            uint256 expected = handler.open(token) + handler.deferred(token);
            assertEq(escrow.committed(token), expected, "committed == open + deferred");
            assertEq(
                IERC20(token).balanceOf(address(escrow)),
                expected + handler.gifts(token) - handler.recovered(token),
                "escrow balance == open + deferred + gifts not recovered"
            );
            assertEq(
                IERC20(token).balanceOf(handler.RECOVERY()),
                handler.recovered(token),
                "the owner took gifts only"
            );
        }
    }

    /// @dev For each token: funded == open + paid into the split + refunded + deferred + withdrawn, and the
    /// router received exactly what was paid (nothing is claimed here).
    function invariant_everyLockedUnitEndsExactlyOnce() public view {
        address[2] memory tokens = handler.tokens();
        for (uint256 t; t < 2; ++t) {
            address token = tokens[t];
            assertEq(
                handler.funded(token),
                handler.open(token) +
                    handler.paid(token) +
                    handler.refunded(token) +
                    handler.deferred(token) +
                    handler.withdrawn(token),
                "funded == open + paid + refunded + deferred + withdrawn"
            );
            assertEq(IERC20(token).balanceOf(address(router)), handler.paid(token), "router got exactly the paid");
        }
    }

    /// @dev Each payer holds what it was minted, less what it locked, plus what came back; its deferred
    /// refunds are owed to it and what it withdrew arrived at its withdrawal address.
    function invariant_payersHoldWhatTheModelSays() public view {
        address[2] memory tokens = handler.tokens();
        address[3] memory payers = handler.payers();
        for (uint256 p; p < 3; ++p) {
            for (uint256 t; t < 2; ++t) {
                address token = tokens[t];
                address payer = payers[p];
                assertEq(
                    IERC20(token).balanceOf(payer),
                    handler.minted(payer, token) - handler.locked(payer, token) + handler.returned(payer, token),
                    "payer balance == minted - locked + returned"
                );
                assertEq(escrow.refundOwed(payer, token), handler.owed(payer, token), "deferred refunds owed");
            }
        }
    }

    /// @dev Every hospital's and payee's credit equals the sum of the oracle's splits of the settlements.
    function invariant_splitMatchesTheOracle() public view {
        address[2] memory tokens = handler.tokens();
        for (uint256 t; t < 2; ++t) {
            for (uint256 id = 1; id <= 6; ++id) {
                assertEq(
                    router.hospitalBalance(uint32(id), tokens[t]),
                    handler.hospitalCredit(tokens[t], id),
                    "hospital credit == oracle"
                );
            }
            for (uint256 p; p < 3; ++p) {
                assertEq(
                    router.payeeBalance(Payee(p), tokens[t]),
                    handler.payeeCredit(tokens[t], p),
                    "payee credit == oracle"
                );
            }
        }
    }

    /// @dev Every action ended as modelled, and each lock's status is the model's (settled or refunded once).
    function invariant_locksEndAsModelled() public view {
        assertEq(handler.unexpected(), 0, handler.lastUnexpected());
        uint256 n = handler.lockCount();
        for (uint256 i; i < n; ++i) {
            JobEscrowHandler.GhostLock memory lock = handler.lockAt(i);
            assertEq(uint256(escrow.lockOf(lock.id).status), uint256(lock.status), "lock status == model");
        }
    }
}
