// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BaseTest} from "../utils/BaseTest.sol";
import {DataAccessRouterHandler} from "./DataAccessRouterHandler.sol";
import {DataAccessRouterLedger} from "./DataAccessRouterLedger.sol";
import {RouterTestLib} from "../payments/RouterTestLib.sol";
import {DataAccessRouter} from "../../../contracts/payments/DataAccessRouter.sol";
import {AccessStatus} from "../../../contracts/interfaces/IDataAccessRouter.sol";
import {Payee} from "../../../contracts/interfaces/IPayeeWithdrawals.sol";
import {BlocklistToken} from "../../../contracts/mocks/BlocklistToken.sol";
import {FeeOnTransferToken} from "../../../contracts/mocks/FeeOnTransferToken.sol";
import {TestStablecoin} from "../../../contracts/testnet/TestStablecoin.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice Money invariants of the router under any sequence of the handler's actions, party by party:
/// each hospital's and each payee's balance, each receiving address's and each payer's token balance
/// and each access record equal the ghost ledger, which the handler keeps from its own model; totals
/// per token; and every call ends as the model predicts (dust refused, hostile tokens contained, a
/// blocked payout blocking only its own claims, access ids single-use).
contract DataAccessRouterInvariantTest is BaseTest {
    uint256 internal constant ATTESTOR_KEY = 0xA77E57;
    uint256 internal constant HOSPITALS = 12;
    /// @dev A handler amount seed for 5,000 tEURC (the handler reads `1 + seed / 4` base units).
    uint256 internal constant FIVE_THOUSAND_EURC = 4 * 5_000e6 + 1;

    DataAccessRouter internal router;
    DataAccessRouterHandler internal handler;
    DataAccessRouterLedger internal ledger;
    TestStablecoin[] internal stables;
    BlocklistToken internal blocklist;
    FeeOnTransferToken internal feeToken;
    address[] internal tokens;

    function setUp() public {
        stables.push(new TestStablecoin("Test Euro", "tEURC", 6));
        stables.push(new TestStablecoin("Test Dai", "tDAI", 18));
        blocklist = new BlocklistToken();
        feeToken = new FeeOnTransferToken();
        tokens = [address(stables[0]), address(stables[1]), address(blocklist), address(feeToken)];
        router = RouterTestLib.deploy(ATTESTOR_KEY, [address(0x70001), address(0x70002), address(0x70003)], tokens);
        ledger = new DataAccessRouterLedger();
        handler = new DataAccessRouterHandler(
            router,
            ledger,
            address(this),
            ATTESTOR_KEY,
            stables,
            blocklist,
            feeToken
        );
        ledger.setWriter(address(handler));
        handler.registerHospitals();
        targetContract(address(handler));
    }

    /// @dev Every purchase action does what the model says, refusals included: the invariant runs then
    /// exercise real state changes.
    function test_handler_PurchasesAndRefusals() public {
        uint256 all = type(uint256).max;
        handler.buy(0, FIVE_THOUSAND_EURC, all, 1, 0);
        handler.buy(1, 4 * 7e18 + 1, 0x5, 2, 1);
        handler.buy(2, 4 * 3e18 + 1, 0x3, 3, 2);
        assertEq(handler.count("purchase"), 3, "three purchases (buyer, payer, buyer for a payer)");
        handler.buy(0, 0, all, 4, 0);
        assertEq(handler.count("dust refused"), 1, "a 1-base-unit purchase refused");
        for (uint256 mode; mode < 4; ++mode) handler.buyWithPermit(mode, FIVE_THOUSAND_EURC, all, 5 + mode, mode);
        assertEq(handler.count("purchase"), 6, "valid, front-run and over-allowance permits pay");
        assertEq(handler.count("buy, unusable permit"), 1, "an unusable permit without allowance is refused");
        handler.buyFeeOnTransfer(5e18, all, 9);
        handler.payAsStranger(0, FIVE_THOUSAND_EURC, all, 10, true);
        handler.rebuy(0, 1e9);
        handler.revoke(0, true);
        handler.revoke(0, false);
        handler.rebuy(0, 1e9);
        assertEq(handler.count("revoke"), 1, "revoked once");
        assertEq(handler.count("rebuy refused"), 2, "an active and a revoked access id are not sold again");
        assertEq(handler.unexpected(), 0, handler.lastUnexpected());
        _checkAllInvariants();
    }

    /// @dev A blocked payout blocks its own claims in the blocklisting token, nobody else's, until the
    /// hospital rotates its payout; rotations, suspensions, split changes, withdrawals as modelled.
    function test_handler_ClaimsRotationsAndAdmin() public {
        uint256 all = type(uint256).max;
        handler.buy(0, FIVE_THOUSAND_EURC, all, 1, 0);
        handler.buy(2, 4 * 3e18 + 1, 0x3, 3, 2);
        handler.toggleBlock(0);
        handler.claim(0, 1 << 2);
        assertEq(handler.count("blocked claim"), 1, "the blocked payout's claim fails");
        handler.claim(0, 1 << 0);
        handler.claim(1, 0);
        handler.rotatePayout(0);
        handler.claim(0, 0);
        assertEq(handler.count("claim"), 3, "the other claims and the rotated payout's claim go through");
        assertTrue(blocklist.balanceOf(handler.payoutOf(0)) != 0, "the rotated payout is paid");
        handler.rotatePayoutToUnreceivable(1, 0);
        handler.rotatePayoutToUnreceivable(1, 2);
        handler.toggleSuspension(3);
        assertTrue(!router.isActive(3), "hospital 3 suspended");
        handler.toggleSuspension(3);
        assertTrue(router.isActive(3), "hospital 3 reactivated");
        handler.changeSplit(1_000, 2_000, 3_000);
        (uint16 h, , , ) = router.split();
        assertEq(h, 5_000, "split changed");
        handler.buy(0, FIVE_THOUSAND_EURC, all, 11, 0);
        handler.rotatePayee(1);
        handler.withdraw(1, 0);
        handler.withdraw(0, 0);
        handler.warp(31 days);
        assertEq(handler.count("withdraw"), 2, "withdrawals");
        assertEq(handler.unexpected(), 0, handler.lastUnexpected());
        _checkAllInvariants();
    }

    function _checkAllInvariants() internal view {
        invariant_hospitalBalancesMatchLedger();
        invariant_payeeBalancesMatchLedger();
        invariant_receiversHoldExactlyWhatTheyWerePaid();
        invariant_payersSpentExactlyTheirPurchases();
        invariant_routerHoldsExactlyWhatIsClaimable();
        invariant_creditsSumToWhatWasPaidIn();
        invariant_accessRecordsMatchLedger();
        invariant_paidInEqualsPaidOutPlusClaimable();
        invariant_balanceCoversClaimable();
    }

    /* PER PARTY */

    /// @dev Each hospital's balance of each token is what the model credited it minus what it claimed.
    function invariant_hospitalBalancesMatchLedger() public view {
        for (uint256 t; t < tokens.length; ++t) {
            for (uint256 i; i < HOSPITALS; ++i) {
                assertEq(
                    router.hospitalBalance(uint32(i), tokens[t]),
                    ledger.hospitalClaimable(i, tokens[t]),
                    "hospital balance == credited - claimed"
                );
            }
        }
    }

    /// @dev The treasury's, the buy-back's and Galeon's balances of each token, each against its own ledger.
    function invariant_payeeBalancesMatchLedger() public view {
        for (uint256 t; t < tokens.length; ++t) {
            for (uint256 p; p < 3; ++p) {
                assertEq(
                    router.payeeBalance(Payee(p), tokens[t]),
                    ledger.payeeClaimable(Payee(p), tokens[t]),
                    "payee balance == credited - withdrawn"
                );
            }
        }
    }

    /// @dev Every payout and payee address, current or former, holds exactly what the model paid it: a
    /// claim paid to the caller, to the other hospital of the slot or to a former address breaks it.
    function invariant_receiversHoldExactlyWhatTheyWerePaid() public view {
        address[] memory receivers = ledger.receivers();
        for (uint256 t; t < tokens.length; ++t) {
            for (uint256 i; i < receivers.length; ++i) {
                assertEq(
                    IERC20(tokens[t]).balanceOf(receivers[i]),
                    ledger.received(receivers[i], tokens[t]),
                    "receiving address balance == what the model paid it"
                );
            }
        }
    }

    /// @dev The buyer, the payer and the stranger hold what they were given minus what they paid.
    function invariant_payersSpentExactlyTheirPurchases() public view {
        address[] memory payers = ledger.payers();
        for (uint256 t; t < tokens.length; ++t) {
            for (uint256 i; i < payers.length; ++i) {
                assertEq(
                    IERC20(tokens[t]).balanceOf(payers[i]),
                    ledger.funded(payers[i], tokens[t]) - ledger.spent(payers[i], tokens[t]),
                    "payer balance == funded - spent"
                );
            }
        }
    }

    /* PER TOKEN */

    /// @dev The router holds exactly what the model says is still claimable (and so paid in - paid out).
    function invariant_routerHoldsExactlyWhatIsClaimable() public view {
        for (uint256 t; t < tokens.length; ++t) {
            uint256 claimable;
            for (uint256 i; i < HOSPITALS; ++i) claimable += ledger.hospitalClaimable(i, tokens[t]);
            for (uint256 p; p < 3; ++p) claimable += ledger.payeeClaimable(Payee(p), tokens[t]);
            uint256 held = IERC20(tokens[t]).balanceOf(address(router));
            assertEq(held, claimable, "router balance == claimable in the ledger");
            assertEq(held, ledger.paidIn(tokens[t]) - ledger.paidOut(tokens[t]), "router balance == in - out");
        }
    }

    /// @dev What the model credited all parties sums to what was paid in, exactly; what it paid out to
    /// what the parties withdrew. The fee-on-transfer token is never credited at all.
    function invariant_creditsSumToWhatWasPaidIn() public view {
        for (uint256 t; t < tokens.length; ++t) {
            uint256 credited;
            uint256 withdrawn;
            for (uint256 i; i < HOSPITALS; ++i) {
                credited += ledger.hospitalCredited(i, tokens[t]);
                withdrawn += ledger.hospitalClaimed(i, tokens[t]);
            }
            for (uint256 p; p < 3; ++p) {
                credited += ledger.payeeCredited(Payee(p), tokens[t]);
                withdrawn += ledger.payeeWithdrawn(Payee(p), tokens[t]);
            }
            assertEq(credited, ledger.paidIn(tokens[t]), "credited == paid in");
            assertEq(withdrawn, ledger.paidOut(tokens[t]), "withdrawn == paid out");
        }
        assertEq(ledger.paidIn(address(feeToken)), 0, "nothing paid in a fee-on-transfer token");
        assertEq(feeToken.balanceOf(address(router)), 0, "the router holds no fee-on-transfer token");
    }

    /// @dev Per token, everything paid in is either paid out or still claimable (the router's views).
    function invariant_paidInEqualsPaidOutPlusClaimable() public view {
        for (uint256 t; t < tokens.length; ++t) {
            assertEq(
                ledger.paidIn(tokens[t]),
                ledger.paidOut(tokens[t]) + _claimable(tokens[t]),
                "paid in == withdrawn + still claimable"
            );
        }
    }

    /// @dev Per token, the router holds at least every claimable balance (here exactly, no stray transfers).
    function invariant_balanceCoversClaimable() public view {
        for (uint256 t; t < tokens.length; ++t) {
            uint256 held = IERC20(tokens[t]).balanceOf(address(router));
            assertGe(held, _claimable(tokens[t]), "router balance >= claimable");
            assertEq(held, ledger.paidIn(tokens[t]) - ledger.paidOut(tokens[t]), "router balance == in - out");
        }
    }

    /* ACCESS RECORDS */

    /// @dev Every access sold is recorded as the model says (buyer, expiry, active or revoked, under the
    /// quoted permit, never beyond it), and is valid exactly while active and not expired.
    function invariant_accessRecordsMatchLedger() public view {
        bytes32[] memory ids = ledger.accessIds();
        for (uint256 i; i < ids.length; ++i) {
            DataAccessRouterLedger.Access memory expected = ledger.accessOf(ids[i]);
            (address buyer, uint64 expiry, AccessStatus status, bytes32 permitId, uint64 permitExpiry) = router
                .accessRecord(ids[i]);
            assertEq(buyer, expected.buyer, "access buyer");
            assertEq(expiry, expected.expiry, "access expiry");
            assertEq(uint256(status), uint256(expected.status), "access status");
            assertTrue(permitId == RouterTestLib.permitOf(ids[i]), "access permit id as quoted");
            assertLe(expiry, permitExpiry, "an access never outlives its permit");
            assertTrue(
                router.isAccessValid(ids[i]) ==
                    (expected.status == AccessStatus.Active && block.timestamp < expected.expiry),
                "access valid exactly while active and unexpired"
            );
        }
    }

    /// @dev No access id is ever sold twice, revoked, expired or not.
    function invariant_accessIdsAreSingleUse() public view {
        assertEq(handler.reboughtAccessIds(), 0, "access ids sold twice");
    }

    /* OUTCOMES */

    /// @dev Every purchase attempt ends as the model says: credited as computed, or refused with the exact
    /// error (dust, fee-on-transfer, unusable permit, stranger).
    function invariant_purchasesEndAsModelled() public view {
        assertEq(handler.unexpectedPurchases(), 0, handler.lastUnexpected());
    }

    /// @dev A claim fails only when it includes the blocklisting token owed to a blocked payout.
    function invariant_claimsFailOnlyForBlockedPayouts() public view {
        assertEq(handler.unexpectedClaims(), 0, handler.lastUnexpected());
    }

    /// @dev Payee withdrawals never fail.
    function invariant_withdrawalsNeverFail() public view {
        assertEq(handler.unexpectedWithdrawals(), 0, handler.lastUnexpected());
    }

    /// @dev Rotations, suspensions, split changes and revocations do what the model says; a payout that
    /// cannot receive is refused.
    function invariant_adminActionsEndAsModelled() public view {
        assertEq(handler.unexpectedAdmin(), 0, handler.lastUnexpected());
    }

    function _claimable(address token) private view returns (uint256 claimable) {
        for (uint256 i; i < HOSPITALS; ++i) claimable += router.hospitalBalance(uint32(i), token);
        for (uint256 p; p < 3; ++p) claimable += router.payeeBalance(Payee(p), token);
    }
}
