// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EscrowTestBase} from "./EscrowTestBase.sol";
import {RouterTestLib} from "./RouterTestLib.sol";
import {PayoutBatcher} from "../../../contracts/payments/PayoutBatcher.sol";
import {Quote} from "../../../contracts/interfaces/IDataAccessRouter.sol";
import {IPayoutBatcher} from "../../../contracts/interfaces/IPayoutBatcher.sol";
import {BlocklistToken} from "../../../contracts/mocks/BlocklistToken.sol";

/// @notice Batch payouts: one transaction pays many hospitals in many tokens, each to its own payout; a
/// payout the token blocks loses only its own claim of that token.
contract PayoutBatcherTest is EscrowTestBase {
    PayoutBatcher internal batcher;

    function setUp() public override {
        super.setUp();
        batcher = new PayoutBatcher(router);
        // Hospitals 1 to 19 are credited in tEURC and in the blocklisting token.
        _buy(keccak256("eurc"), address(eurc));
        _buy(keccak256("blocklist"), address(blocklist));
    }

    function test_claimHospitals_PaysEveryHospitalInEveryTokenToItsPayout() public {
        uint32[] memory ids = _ids();
        address[] memory tokens = _tokens();
        uint256[] memory owed = new uint256[](ids.length);
        for (uint256 i; i < ids.length; ++i) {
            owed[i] = router.hospitalBalance(ids[i], address(eurc));
            assertTrue(owed[i] >= 1_000e6 / HOSPITALS, "credited about a nineteenth of 40%");
        }
        uint256[][] memory amounts = batcher.claimHospitals(ids, tokens);
        for (uint256 i; i < ids.length; ++i) {
            address payout = address(uint160(0x10000 + ids[i]));
            assertEq(eurc.balanceOf(payout), owed[i], "tEURC paid to the payout");
            assertEq(blocklist.balanceOf(payout), owed[i], "the other token too (same purchase)");
            assertEq(amounts[i][0], owed[i], "amount reported");
            assertEq(amounts[i][1], owed[i], "amount reported in the other token");
            assertEq(router.hospitalBalance(ids[i], address(eurc)), 0, "nothing left to claim");
        }
        assertEq(eurc.balanceOf(address(batcher)), 0, "the batcher holds nothing");
    }

    /// @dev Hospital 5's payout is blocked by one token: it is still paid in the other, everyone else in
    /// both; its blocked balance stays claimable in the router.
    function test_claimHospitals_ABlockedPayoutBlocksOnlyItself() public {
        address blocked = address(uint160(0x10000 + 5));
        blocklist.setBlocked(blocked, true);
        uint256 owed5 = router.hospitalBalance(5, address(eurc));
        uint256 owed6 = router.hospitalBalance(6, address(blocklist));
        vm.expectEmit(true, true, false, false);
        emit IPayoutBatcher.HospitalClaimFailed(5, address(blocklist), "");
        uint256[][] memory amounts = batcher.claimHospitals(_ids(), _tokens());
        assertEq(amounts[4][0], owed5, "hospital 5 paid in tEURC");
        assertEq(eurc.balanceOf(blocked), owed5, "to its payout");
        assertEq(amounts[4][1], 0, "not in the blocked token");
        assertEq(router.hospitalBalance(5, address(blocklist)), owed5, "still claimable (same purchase amounts)");
        assertEq(blocklist.balanceOf(address(uint160(0x10000 + 6))), owed6, "the next one is paid");
    }

    function _buy(bytes32 accessId, address token) internal {
        Quote memory q = RouterTestLib.quote(accessId, PAYER, token, 2_500e6, _usage(1, HOSPITALS, 1));
        bytes memory signature = _sign(q);
        vm.startPrank(PAYER);
        BlocklistToken(token).approve(address(router), q.amount);
        router.purchase(q, signature, q.amount);
        vm.stopPrank();
    }

    function _ids() internal pure returns (uint32[] memory ids) {
        ids = new uint32[](HOSPITALS);
        for (uint256 i; i < HOSPITALS; ++i) ids[i] = uint32(i + 1);
    }

    function _tokens() internal view returns (address[] memory tokens) {
        tokens = new address[](2);
        tokens[0] = address(eurc);
        tokens[1] = address(blocklist);
    }
}
