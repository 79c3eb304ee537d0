// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {BaseTest} from "../utils/BaseTest.sol";
import {GaleonTreasury} from "../../../contracts/dao/GaleonTreasury.sol";
import {IGaleonTreasury} from "../../../contracts/interfaces/IGaleonTreasury.sol";
import {ISuiteOwnable} from "../../../contracts/interfaces/ISuiteOwnable.sol";
import {Payee} from "../../../contracts/interfaces/IPayeeWithdrawals.sol";
import {TestStablecoin} from "../../../contracts/testnet/TestStablecoin.sol";
import {
    LyingPayeeWithdrawalsTestDouble,
    PayeeWithdrawalsTestDouble,
    ReentrantPayeeWithdrawalsTestDouble
} from "./PayeeWithdrawalsTestDoubles.sol";

contract GaleonTreasuryTest is BaseTest {
    address internal constant TIMELOCK = address(0x7100);
    address internal constant RECIPIENT = address(0xBEEF);
    address internal constant STRANGER = address(0x5E);

    GaleonTreasury internal treasury;
    TestStablecoin internal eurc;
    TestStablecoin internal usdc;
    PayeeWithdrawalsTestDouble internal router;

    function setUp() public {
        vm.warp(1_700_000_000);
        treasury = new GaleonTreasury(TIMELOCK);
        eurc = new TestStablecoin("Test Euro", "tEURC", 6);
        usdc = new TestStablecoin("Test Dollar", "tUSDC", 6);
        router = new PayeeWithdrawalsTestDouble(address(treasury));
    }

    function _creditRouter(TestStablecoin token, uint256 amount) internal {
        token.mint(address(router), amount);
        router.credit(address(token), amount);
    }

    function _tokens(address a) internal pure returns (address[] memory list) {
        list = new address[](1);
        list[0] = a;
    }

    function _tokens(address a, address b) internal pure returns (address[] memory list) {
        list = new address[](2);
        list[0] = a;
        list[1] = b;
    }

    /* CONSTRUCTOR AND ETH */

    function test_constructor_SetsOwner() public view {
        assertEq(treasury.owner(), TIMELOCK, "owner is the timelock");
        assertEq(treasury.vestingGrantCount(), 0, "no grant");
    }

    function test_constructor_RevertWhen_OwnerIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new GaleonTreasury(address(0));
    }

    function test_receive_AcceptsEthAndEmits() public {
        vm.deal(STRANGER, 5 ether);
        vm.expectEmit();
        emit IGaleonTreasury.EthReceived(STRANGER, 2 ether);
        vm.prank(STRANGER);
        (bool ok, ) = address(treasury).call{value: 2 ether}("");
        assertTrue(ok, "ETH accepted");
        assertEq(treasury.ethBalance(), 2 ether, "ETH balance");
    }

    /* COLLECT */

    function test_collect_PullsTheTreasuryLegOfEachToken() public {
        _creditRouter(eurc, 3_000_000e6);
        _creditRouter(usdc, 7e6);
        vm.expectEmit();
        emit IGaleonTreasury.Collected(address(router), address(eurc), 3_000_000e6);
        vm.expectEmit();
        emit IGaleonTreasury.Collected(address(router), address(usdc), 7e6);
        vm.prank(STRANGER);
        uint256[] memory amounts = treasury.collect(address(router), _tokens(address(eurc), address(usdc)));
        assertEq(amounts[0], 3_000_000e6, "EURC returned");
        assertEq(amounts[1], 7e6, "USDC returned");
        assertEq(treasury.balanceOf(address(eurc)), 3_000_000e6, "EURC held");
        assertEq(treasury.balanceOf(address(usdc)), 7e6, "USDC held");
        assertEq(router.payeeBalance(Payee.Treasury, address(eurc)), 0, "nothing left at the router");
    }

    function test_collect_CountsARepeatedTokenOnce() public {
        _creditRouter(eurc, 500e6);
        uint256[] memory amounts = treasury.collect(address(router), _tokens(address(eurc), address(eurc)));
        assertEq(amounts[0], 500e6, "first entry gets the leg");
        assertEq(amounts[1], 0, "second entry gets nothing");
        assertEq(treasury.balanceOf(address(eurc)), 500e6, "held once");
    }

    function test_collect_ReportsWhatArrivedNotWhatTheRouterClaims() public {
        LyingPayeeWithdrawalsTestDouble liar = new LyingPayeeWithdrawalsTestDouble();
        vm.expectEmit();
        emit IGaleonTreasury.Collected(address(liar), address(eurc), 0);
        uint256[] memory amounts = treasury.collect(address(liar), _tokens(address(eurc)));
        assertEq(amounts[0], 0, "nothing arrived");
    }

    function test_collect_AsksTheRouterForEachTokenAlone() public {
        _creditRouter(eurc, 5e6);
        _creditRouter(usdc, 7e6);
        treasury.collect(address(router), _tokens(address(eurc), address(usdc)));
        assertEq(router.requestCount(), 2, "one call per token");
        assertEq(router.requestSizes(0), 1, "first call: one token");
        assertEq(router.requestSizes(1), 1, "second call: one token");
        assertEq(router.requestedTokens(0), address(eurc), "first call: EURC");
        assertEq(router.requestedTokens(1), address(usdc), "second call: USDC");
    }

    function test_collect_RevertWhen_RouterIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(IGaleonTreasury.GaleonTreasuryZeroAddress.selector));
        treasury.collect(address(0), _tokens(address(eurc)));
    }

    function test_collect_RevertWhen_Reentered() public {
        ReentrantPayeeWithdrawalsTestDouble reentrant = new ReentrantPayeeWithdrawalsTestDouble();
        vm.expectRevert(abi.encodeWithSelector(ReentrancyGuard.ReentrancyGuardReentrantCall.selector));
        treasury.collect(address(reentrant), _tokens(address(eurc)));
    }

    function testFuzz_collect(uint256 eurcLeg, uint256 usdcLeg) public {
        eurcLeg = bound(eurcLeg, 0, type(uint128).max);
        usdcLeg = bound(usdcLeg, 0, type(uint128).max);
        _creditRouter(eurc, eurcLeg);
        _creditRouter(usdc, usdcLeg);
        uint256[] memory amounts = treasury.collect(address(router), _tokens(address(eurc), address(usdc)));
        assertEq(amounts[0], eurcLeg, "EURC returned");
        assertEq(amounts[1], usdcLeg, "USDC returned");
        assertEq(treasury.balanceOf(address(eurc)), eurcLeg, "EURC held");
        assertEq(treasury.balanceOf(address(usdc)), usdcLeg, "USDC held");
    }

    /* TRANSFER TOKEN */

    function test_transferToken_PaysAndEmits() public {
        eurc.mint(address(treasury), 1_000e6);
        vm.expectEmit();
        emit IGaleonTreasury.TokenPaid(address(eurc), RECIPIENT, 400e6);
        vm.prank(TIMELOCK);
        treasury.transferToken(address(eurc), RECIPIENT, 400e6);
        assertEq(eurc.balanceOf(RECIPIENT), 400e6, "recipient paid");
        assertEq(treasury.balanceOf(address(eurc)), 600e6, "treasury keeps the rest");
    }

    function test_transferToken_RevertWhen_CallerIsNotTheOwner() public {
        eurc.mint(address(treasury), 1e6);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, STRANGER));
        vm.prank(STRANGER);
        treasury.transferToken(address(eurc), STRANGER, 1e6);
    }

    function test_transferToken_RevertWhen_TokenIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(IGaleonTreasury.GaleonTreasuryZeroAddress.selector));
        vm.prank(TIMELOCK);
        treasury.transferToken(address(0), RECIPIENT, 1);
    }

    function test_transferToken_RevertWhen_RecipientIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(IGaleonTreasury.GaleonTreasuryZeroAddress.selector));
        vm.prank(TIMELOCK);
        treasury.transferToken(address(eurc), address(0), 1);
    }

    function test_transferToken_RevertWhen_AmountIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(IGaleonTreasury.GaleonTreasuryZeroAmount.selector));
        vm.prank(TIMELOCK);
        treasury.transferToken(address(eurc), RECIPIENT, 0);
    }

    function test_transferToken_RevertWhen_BalanceIsInsufficient() public {
        eurc.mint(address(treasury), 10e6);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGaleonTreasury.GaleonTreasuryInsufficientBalance.selector,
                address(eurc),
                10e6,
                10e6 + 1
            )
        );
        vm.prank(TIMELOCK);
        treasury.transferToken(address(eurc), RECIPIENT, 10e6 + 1);
    }

    function testFuzz_transferToken(uint256 held, uint256 amount) public {
        held = bound(held, 1, type(uint128).max);
        amount = bound(amount, 1, held);
        eurc.mint(address(treasury), held);
        vm.prank(TIMELOCK);
        treasury.transferToken(address(eurc), RECIPIENT, amount);
        assertEq(eurc.balanceOf(RECIPIENT), amount, "recipient paid");
        assertEq(treasury.balanceOf(address(eurc)), held - amount, "treasury keeps the rest");
    }

    /* TRANSFER ETH */

    function test_transferEth_PaysAndEmits() public {
        vm.deal(address(treasury), 3 ether);
        vm.expectEmit();
        emit IGaleonTreasury.EthPaid(RECIPIENT, 1 ether);
        vm.prank(TIMELOCK);
        treasury.transferEth(payable(RECIPIENT), 1 ether);
        assertEq(RECIPIENT.balance, 1 ether, "recipient paid");
        assertEq(treasury.ethBalance(), 2 ether, "treasury keeps the rest");
    }

    function test_transferEth_RevertWhen_CallerIsNotTheOwner() public {
        vm.deal(address(treasury), 1 ether);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, STRANGER));
        vm.prank(STRANGER);
        treasury.transferEth(payable(STRANGER), 1 ether);
    }

    function test_transferEth_RevertWhen_RecipientIsZero() public {
        vm.deal(address(treasury), 1 ether);
        vm.expectRevert(abi.encodeWithSelector(IGaleonTreasury.GaleonTreasuryZeroAddress.selector));
        vm.prank(TIMELOCK);
        treasury.transferEth(payable(address(0)), 1 ether);
    }

    function test_transferEth_RevertWhen_AmountIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(IGaleonTreasury.GaleonTreasuryZeroAmount.selector));
        vm.prank(TIMELOCK);
        treasury.transferEth(payable(RECIPIENT), 0);
    }

    function test_transferEth_RevertWhen_BalanceIsInsufficient() public {
        vm.deal(address(treasury), 1 ether);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGaleonTreasury.GaleonTreasuryInsufficientBalance.selector,
                address(0),
                1 ether,
                2 ether
            )
        );
        vm.prank(TIMELOCK);
        treasury.transferEth(payable(RECIPIENT), 2 ether);
    }

    function test_transferEth_RevertWhen_RecipientRefusesEth() public {
        vm.deal(address(treasury), 1 ether);
        // A token contract has no receive function: it refuses ETH.
        address refuser = address(eurc);
        vm.expectRevert(
            abi.encodeWithSelector(IGaleonTreasury.GaleonTreasuryEthTransferFailed.selector, refuser, 1 ether)
        );
        vm.prank(TIMELOCK);
        treasury.transferEth(payable(refuser), 1 ether);
    }

    /* VESTING GRANTS */

    function test_createVestingGrant_CreatesAndFundsAWalletOwnedByTheBeneficiary() public {
        eurc.mint(address(treasury), 1_200e6);
        uint64 start = uint64(block.timestamp + 1 days);
        uint64 duration = 120 days;
        vm.prank(TIMELOCK);
        (uint256 grantId, address wallet) = treasury.createVestingGrant(
            RECIPIENT,
            address(eurc),
            1_200e6,
            start,
            duration
        );
        assertEq(grantId, 0, "first grant");
        assertEq(treasury.vestingGrantCount(), 1, "one grant");
        IGaleonTreasury.VestingGrant memory grant = treasury.vestingGrant(0);
        assertEq(grant.wallet, wallet, "wallet recorded");
        assertEq(grant.beneficiary, RECIPIENT, "beneficiary recorded");
        assertEq(grant.token, address(eurc), "token recorded");
        assertEq(grant.amount, 1_200e6, "amount recorded");
        assertEq(grant.start, start, "start recorded");
        assertEq(grant.duration, duration, "duration recorded");
        assertEq(eurc.balanceOf(wallet), 1_200e6, "wallet funded");
        assertEq(treasury.balanceOf(address(eurc)), 0, "treasury paid it all");
        VestingWallet vesting = VestingWallet(payable(wallet));
        assertEq(vesting.owner(), RECIPIENT, "beneficiary owns the wallet");
        vm.warp(start + duration / 4);
        assertEq(vesting.releasable(address(eurc)), 300e6, "a quarter vested");
        vesting.release(address(eurc));
        assertEq(eurc.balanceOf(RECIPIENT), 300e6, "a quarter released");
    }

    function test_createVestingGrant_EmitsTheWalletAddress() public {
        eurc.mint(address(treasury), 2e6);
        // The wallet is the treasury's first contract creation (nonce 1).
        address expected = _createAddress(address(treasury), 1);
        vm.expectEmit();
        emit IGaleonTreasury.VestingGrantCreated(0, expected, RECIPIENT, address(eurc), 2e6, 10, 20);
        vm.prank(TIMELOCK);
        (, address wallet) = treasury.createVestingGrant(RECIPIENT, address(eurc), 2e6, 10, 20);
        assertEq(wallet, expected, "wallet address");
    }

    function test_createVestingGrant_RevertWhen_CallerIsNotTheOwner() public {
        eurc.mint(address(treasury), 1e6);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, STRANGER));
        vm.prank(STRANGER);
        treasury.createVestingGrant(STRANGER, address(eurc), 1e6, 0, 1);
    }

    function test_createVestingGrant_RevertWhen_BeneficiaryIsZero() public {
        eurc.mint(address(treasury), 1e6);
        vm.expectRevert(abi.encodeWithSelector(IGaleonTreasury.GaleonTreasuryZeroAddress.selector));
        vm.prank(TIMELOCK);
        treasury.createVestingGrant(address(0), address(eurc), 1e6, 0, 1);
    }

    function test_createVestingGrant_RevertWhen_BalanceIsInsufficient() public {
        vm.expectRevert(
            abi.encodeWithSelector(IGaleonTreasury.GaleonTreasuryInsufficientBalance.selector, address(eurc), 0, 1)
        );
        vm.prank(TIMELOCK);
        treasury.createVestingGrant(RECIPIENT, address(eurc), 1, 0, 1);
    }

    /* OWNERSHIP */

    function test_renounceOwnership_RevertWhen_OwnerTries() public {
        vm.expectRevert(abi.encodeWithSelector(ISuiteOwnable.SuiteOwnableRenounceDisabled.selector));
        vm.prank(TIMELOCK);
        treasury.renounceOwnership();
        assertEq(treasury.owner(), TIMELOCK, "still owned");
    }

    function test_transferOwnership_TakesEffectOnlyWhenTheNewOwnerAccepts() public {
        vm.prank(TIMELOCK);
        vm.expectEmit();
        emit Ownable2Step.OwnershipTransferStarted(TIMELOCK, RECIPIENT);
        treasury.transferOwnership(RECIPIENT);
        assertEq(treasury.owner(), TIMELOCK, "the timelock stays owner until the new owner accepts");
        assertEq(treasury.pendingOwner(), RECIPIENT, "pending owner");
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, STRANGER));
        treasury.acceptOwnership();
        vm.prank(RECIPIENT);
        vm.expectEmit();
        emit Ownable.OwnershipTransferred(TIMELOCK, RECIPIENT);
        treasury.acceptOwnership();
        assertEq(treasury.owner(), RECIPIENT, "owner after acceptance");
        assertEq(treasury.pendingOwner(), address(0), "nothing pending");
    }

    function test_renounceOwnership_RevertWhen_CallerIsNotTheOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, STRANGER));
        vm.prank(STRANGER);
        treasury.renounceOwnership();
    }

    /* HELPERS */

    function _createAddress(address deployer, uint8 nonce) internal pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xd6), bytes1(0x94), deployer, nonce)))));
    }
}
