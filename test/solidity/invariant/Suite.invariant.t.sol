// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

import {BaseTest} from "../utils/BaseTest.sol";
import {IUniswapV2FactoryForTests, IUniswapV2PairForTests, UniswapV2Deployer} from "../utils/UniswapV2Deployer.sol";
import {DataAccessRouterHandler} from "./DataAccessRouterHandler.sol";
import {DataAccessRouterLedger} from "./DataAccessRouterLedger.sol";
import {Suite, SuiteHandler} from "./SuiteHandler.sol";
import {BuybackBurner} from "../../../contracts/buyback/BuybackBurner.sol";
import {GaleonGovernor} from "../../../contracts/dao/GaleonGovernor.sol";
import {GaleonTreasury} from "../../../contracts/dao/GaleonTreasury.sol";
import {DataAccessRouter} from "../../../contracts/payments/DataAccessRouter.sol";
import {IDataAccessRouter} from "../../../contracts/interfaces/IDataAccessRouter.sol";
import {Payee} from "../../../contracts/interfaces/IPayeeWithdrawals.sol";
import {BlocklistToken} from "../../../contracts/mocks/BlocklistToken.sol";
import {FeeOnTransferToken} from "../../../contracts/mocks/FeeOnTransferToken.sol";
import {TestStablecoin} from "../../../contracts/testnet/TestStablecoin.sol";
import {GaleonToken} from "../../../contracts/token/GaleonToken.sol";

/// @notice Invariants of the whole suite (router, burner, treasury, timelock, Governor, $GALEON) under
/// any sequence of the suite handler's actions: the burner never spends more than the buy-back leg it
/// received, burns every $GALEON it receives, and every token any suite contract holds is claimable
/// by a named party, spendable by the burner, or movable by the DAO, except what strangers send
/// straight to the router, the Governor or the $GALEON contract (see each invariant).
contract SuiteInvariantTest is BaseTest {
    uint256 internal constant ATTESTOR_KEY = 0xA77E57;
    uint256 internal constant SUPPLY = 1_000_000_000e18;
    uint256 internal constant START = 1_700_000_000;
    address internal constant GALEON_PAYEE = address(0x70003);
    /// @dev A handler amount seed for 5,000 tEURC (the router handler reads `1 + seed / 4` base units).
    uint256 internal constant FIVE_THOUSAND_EURC = 4 * 5_000e6 + 1;

    GaleonToken internal galeon;
    address internal factory;
    TimelockController internal timelock;
    GaleonGovernor internal governor;
    GaleonTreasury internal treasury;
    BuybackBurner internal burner;
    DataAccessRouter internal router;
    DataAccessRouterLedger internal ledger;
    DataAccessRouterHandler internal routerHandler;
    SuiteHandler internal handler;
    TestStablecoin internal eurc;
    TestStablecoin internal usd;

    function setUp() public {
        vm.warp(START);
        address[] memory recipients = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        recipients[0] = address(this);
        amounts[0] = SUPPLY;
        galeon = new GaleonToken(recipients, amounts);
        galeon.delegate(address(this));
        factory = UniswapV2Deployer.deployFactory(address(this));
        _deployDao();
        burner = new BuybackBurner(address(timelock), address(0), 0, address(galeon), factory);

        (TestStablecoin[] memory stables, BlocklistToken blocklist, FeeOnTransferToken feeToken) = _deployRouter();
        address pair = _eurcMarket();
        _deployHandlers(stables, blocklist, feeToken, pair);
        _target();
    }

    /// @dev The router, owned by the timelock, paying the treasury, the burner and Galeon, in two
    /// stablecoins (tUSD allowlisted before its pair exists), hostile tokens and $GALEON.
    function _deployRouter()
        private
        returns (TestStablecoin[] memory stables, BlocklistToken blocklist, FeeOnTransferToken feeToken)
    {
        stables = new TestStablecoin[](2);
        stables[0] = eurc = new TestStablecoin("Test Euro", "tEURC", 6);
        stables[1] = usd = new TestStablecoin("Test Dollar", "tUSD", 18);
        blocklist = new BlocklistToken();
        feeToken = new FeeOnTransferToken();
        address[] memory allowed = new address[](5);
        (allowed[0], allowed[1], allowed[2], allowed[3], allowed[4]) = (
            address(eurc),
            address(usd),
            address(blocklist),
            address(feeToken),
            address(galeon)
        );
        router = new DataAccessRouter(
            address(timelock),
            address(0),
            0,
            vm.addr(ATTESTOR_KEY),
            [address(treasury), address(burner), GALEON_PAYEE],
            allowed
        );
        vm.prank(address(timelock));
        burner.setRouter(address(router));
    }

    /// @dev The router's handler and the suite's, both writing the ghost ledger.
    function _deployHandlers(
        TestStablecoin[] memory stables,
        BlocklistToken blocklist,
        FeeOnTransferToken feeToken,
        address pair
    ) private {
        ledger = new DataAccessRouterLedger();
        routerHandler = new DataAccessRouterHandler(
            router,
            ledger,
            address(timelock),
            ATTESTOR_KEY,
            stables,
            blocklist,
            feeToken
        );
        handler = new SuiteHandler();
        ledger.setWriter(address(routerHandler));
        ledger.setWriter(address(handler));
        routerHandler.registerHospitals();
        // The handler pays $GALEON purchases, trades, seeds the second pair and donates from its stock.
        require(galeon.transfer(address(handler), 200_000_000e18), "stock");
        handler.configure(
            Suite(
                router,
                ledger,
                routerHandler,
                burner,
                treasury,
                address(timelock),
                address(governor),
                galeon,
                factory,
                ATTESTOR_KEY,
                pair
            )
        );
    }

    function _deployDao() private {
        address[] memory none = new address[](0);
        address[] memory anyone = new address[](1);
        timelock = new TimelockController(2 days, none, anyone, address(this));
        governor = new GaleonGovernor(galeon, timelock, 2 days, 7 days, 2 days, SUPPLY / 1000, 4, address(0), 0);
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(governor));
        timelock.grantRole(timelock.CANCELLER_ROLE(), address(governor));
        timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE(), address(this));
        treasury = new GaleonTreasury(address(timelock));
    }

    /// @dev The tEURC/GALEON pair seeded at 10 GALEON per tEURC, enabled by the DAO, observed, the
    /// TWAP window elapsed.
    function _eurcMarket() private returns (address pair) {
        pair = IUniswapV2FactoryForTests(factory).createPair(address(eurc), address(galeon));
        eurc.mint(pair, 1_000_000e6);
        require(galeon.transfer(pair, 10_000_000e18), "seed");
        IUniswapV2PairForTests(pair).mint(address(this));
        vm.startPrank(address(timelock));
        burner.setPair(address(eurc), pair);
        burner.setLot(address(eurc), 10_000e6);
        vm.stopPrank();
        burner.recordObservation(address(eurc));
        vm.warp(block.timestamp + 30 minutes);
    }

    /// @dev The router handler's purchases (allowance and permits), claims and payee withdrawals by
    /// anyone, blocked payouts; the suite handler's everything else. Not targeted: split changes,
    /// suspensions and payee rotations (the router's own invariant test covers them; the suite's
    /// model keeps the split and the burner as the buy-back payee).
    function _target() private {
        targetContract(address(routerHandler));
        bytes4[] memory routerSelectors = new bytes4[](5);
        routerSelectors[0] = routerHandler.buy.selector;
        routerSelectors[1] = routerHandler.buyWithPermit.selector;
        routerSelectors[2] = routerHandler.claim.selector;
        routerSelectors[3] = routerHandler.withdraw.selector;
        routerSelectors[4] = routerHandler.toggleBlock.selector;
        targetSelector(FuzzSelector({addr: address(routerHandler), selectors: routerSelectors}));

        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](18);
        selectors[0] = handler.buyWithGaleon.selector;
        selectors[1] = handler.claimGaleon.selector;
        selectors[2] = handler.withdrawGaleon.selector;
        selectors[3] = handler.collect.selector;
        selectors[4] = handler.wait.selector;
        selectors[5] = handler.record.selector;
        selectors[6] = handler.keeperExecute.selector;
        selectors[7] = handler.strangerExecute.selector;
        selectors[8] = handler.trade.selector;
        selectors[9] = handler.openSecondMarket.selector;
        selectors[10] = handler.daoRetireMarket.selector;
        selectors[11] = handler.daoRestoreMarket.selector;
        selectors[12] = handler.daoRecover.selector;
        selectors[13] = handler.daoPayFromTreasury.selector;
        selectors[14] = handler.daoPayFromTimelock.selector;
        selectors[15] = handler.donate.selector;
        selectors[16] = handler.donate.selector;
        selectors[17] = handler.keeperExecute.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /* THE HANDLER, STEP BY STEP */

    /// @dev The paths the invariant runs rely on, in order: legs accrue in a token with a market, in
    /// one allowlisted before its pair exists, and in $GALEON; strangers withdraw the burner's legs;
    /// keeper and stranger buy-backs; the DAO retires a market and recovers it; the second market
    /// opens; donations everywhere; the DAO pays out of the treasury and the timelock.
    function test_handler_DrivesEveryPath() public {
        uint256 all = type(uint256).max;
        routerHandler.buy(0, FIVE_THOUSAND_EURC, all, 1, 0);
        routerHandler.buy(1, 4 * 7_000e18 + 1, 0x5, 2, 1);
        handler.buyWithGaleon(49_999e18, 0x3, 3);
        assertEq(routerHandler.count("purchase") + handler.count("buy with GALEON"), 3, "tEURC, tUSD, GALEON");
        routerHandler.withdraw(1, 1 << 1);
        assertEq(usd.balanceOf(address(burner)), 1_400e18, "a stranger withdrew the tUSD leg to the burner");
        handler.withdrawGaleon(1);
        assertEq(galeon.balanceOf(address(burner)), 10_000e18, "a stranger withdrew the GALEON leg");
        handler.strangerExecute(0, 0, true);
        assertEq(handler.count("stranger execute"), 1, "a stranger's buy-back, around a price move");
        assertEq(eurc.balanceOf(address(burner)), 0, "the whole tEURC leg was bought back");
        handler.keeperExecute(4);
        assertEq(galeon.balanceOf(address(burner)), 0, "the GALEON leg was burned");
        handler.daoRecover(1);
        assertEq(usd.balanceOf(address(treasury)), 1_400e18, "the tUSD leg (no market yet) was recovered");
        handler.daoRecover(0);
        assertEq(handler.count("recover refused"), 1, "tEURC has a market: not recoverable");
        handler.donate(1, 0, 5e6);
        handler.daoRetireMarket(0);
        handler.daoRecover(0);
        assertEq(handler.count("recover"), 2, "a retired market's token is recovered");
        handler.daoRestoreMarket(0);
        handler.openSecondMarket();
        routerHandler.buy(1, 4 * 7_000e18 + 1, 0x5, 4, 0);
        handler.wait(2 hours);
        handler.record(1);
        handler.wait(1 hours);
        handler.keeperExecute(1);
        assertEq(handler.count("keeper execute"), 2, "the GALEON leg burned, the second market bought back");
        for (uint256 target; target < 6; ++target) handler.donate(target, target, 3e18);
        handler.collect(0);
        handler.daoPayFromTreasury(0, 1e6);
        handler.daoPayFromTimelock(3);
        assertEq(routerHandler.unexpected(), 0, routerHandler.lastUnexpected());
        assertEq(handler.unexpectedRouterCalls(), 0, handler.lastUnexpected());
        _checkAllInvariants();
    }

    /* THE DAO MOVES WHAT IT HOLDS, THROUGH REAL PROPOSALS */

    /// @dev Tokens sent to the timelock leave it through a proposal that calls the token.
    function test_timelock_AProposalMovesTokensSentToIt() public {
        eurc.mint(address(timelock), 7e6);
        _pass(address(eurc), abi.encodeCall(IERC20.transfer, (address(0xBEEF), 7e6)), "timelock pays");
        assertEq(eurc.balanceOf(address(0xBEEF)), 7e6, "paid by the timelock");
        assertEq(eurc.balanceOf(address(timelock)), 0, "nothing left in the timelock");
    }

    /// @dev Tokens sent to the Governor leave it through a proposal that has the Governor `relay` a
    /// call to the token (OpenZeppelin's `relay`, callable only by the timelock executing a proposal).
    function test_governor_AProposalRelaysTokensSentToIt() public {
        eurc.mint(address(governor), 7e6);
        bytes memory transfer = abi.encodeCall(IERC20.transfer, (address(0xBEEF), 7e6));
        _pass(address(governor), abi.encodeCall(governor.relay, (address(eurc), 0, transfer)), "governor relays");
        assertEq(eurc.balanceOf(address(0xBEEF)), 7e6, "paid by the Governor");
        assertEq(eurc.balanceOf(address(governor)), 0, "nothing left in the Governor");
    }

    /// @dev Tokens sent to the treasury leave it through a proposal (its owner is the timelock).
    function test_treasury_AProposalPaysTokensSentToIt() public {
        eurc.mint(address(treasury), 7e6);
        _pass(
            address(treasury),
            abi.encodeCall(GaleonTreasury.transferToken, (address(eurc), address(0xBEEF), 7e6)),
            "treasury pays"
        );
        assertEq(eurc.balanceOf(address(0xBEEF)), 7e6, "paid by the treasury");
    }

    /// @dev Tokens sent to the router that were never payment tokens leave it through a proposal
    /// calling `recoverToken`; what it holds of a payment token stays for the claims it is owed to.
    function test_router_AProposalRecoversATokenThatWasNeverAPaymentToken() public {
        TestStablecoin stray = new TestStablecoin("Stray", "STRAY", 18);
        stray.mint(address(router), 9e18);
        _pass(
            address(router),
            abi.encodeCall(DataAccessRouter.recoverToken, (address(stray), address(0xBEEF), type(uint256).max)),
            "router recovers a stray token"
        );
        assertEq(stray.balanceOf(address(0xBEEF)), 9e18, "recovered");
        assertEq(stray.balanceOf(address(router)), 0, "nothing left in the router");
    }

    /// @dev A known limitation: the $GALEON contract has no function that moves tokens it holds (no
    /// owner, no rescue: OpenZeppelin's ERC20 offers none), so tokens sent to it are stuck for ever; and
    /// what is sent to the router in a payment token outside a purchase is mixed with what it owes, which
    /// `recoverToken` refuses to touch (`DataAccessRouterTokenNotRecoverable`). No proposal moves them.
    function test_galeonAndRouter_TokensSentStraightToThemStayThere() public {
        require(galeon.transfer(address(galeon), 5e18), "send to the token");
        eurc.mint(address(router), 5e6);
        assertEq(galeon.balanceOf(address(galeon)), 5e18, "stuck in the $GALEON contract");
        assertEq(router.payeeBalance(Payee.Treasury, address(eurc)), 0, "credited to nobody");
        assertEq(eurc.balanceOf(address(router)), 5e6, "stuck in the router");
        vm.prank(address(timelock));
        vm.expectRevert(
            abi.encodeWithSelector(IDataAccessRouter.DataAccessRouterTokenNotRecoverable.selector, address(eurc))
        );
        router.recoverToken(address(eurc), address(0xBEEF), 5e6);
    }

    /// @dev Proposes one call, votes it through as this contract (most of the supply, self-delegated),
    /// queues and executes it.
    function _pass(address target, bytes memory data, string memory description) private {
        address[] memory targets = new address[](1);
        targets[0] = target;
        bytes[] memory calldatas = new bytes[](1);
        calldatas[0] = data;
        uint256[] memory values = new uint256[](1);
        vm.warp(block.timestamp + 1);
        uint256 id = governor.propose(targets, values, calldatas, description);
        vm.warp(governor.proposalSnapshot(id) + 1);
        governor.castVote(id, 1);
        vm.warp(governor.proposalDeadline(id) + 1);
        bytes32 descriptionHash = keccak256(bytes(description));
        governor.queue(targets, values, calldatas, descriptionHash);
        vm.warp(block.timestamp + 2 days);
        governor.execute(targets, values, calldatas, descriptionHash);
        assertTrue(governor.state(id) == IGovernor.ProposalState.Executed, "executed");
    }

    function _checkAllInvariants() internal {
        invariant_burnerSpentNeverExceedsBuybackLegReceived();
        invariant_everyGaleonTheBurnerReceivedIsBurned();
        invariant_everyTokenHeldIsClaimableSpendableOrMovable();
        invariant_everyPowerIsTheTimelocks();
    }

    /* THE ROUTER AND THE BURNER, JOINED */

    /// @dev Per token: the burner's balance is exactly the buy-back leg withdrawn to it (the router
    /// model's numbers) plus what strangers sent it, minus what it paid into the pair and what the DAO
    /// recovered; so what it spent never exceeds the leg it received (plus gifts), and the leg it
    /// received never exceeds the leg the router credited it.
    function invariant_burnerSpentNeverExceedsBuybackLegReceived() public view {
        address[] memory tokens = handler.suiteTokens();
        for (uint256 t; t + 1 < tokens.length; ++t) {
            address token = tokens[t];
            uint256 received = ledger.payeeWithdrawn(Payee.Buyback, token) + handler.donated(address(burner), token);
            assertLe(handler.spent(token) + handler.recovered(token), received, "spent + recovered <= leg received");
            assertEq(
                IERC20(token).balanceOf(address(burner)),
                received - handler.spent(token) - handler.recovered(token),
                "burner balance == leg received - spent - recovered"
            );
            assertLe(
                ledger.payeeWithdrawn(Payee.Buyback, token),
                ledger.payeeCredited(Payee.Buyback, token),
                "leg withdrawn <= leg credited"
            );
        }
        assertEq(handler.overspent(), 0, "no execute spent more than the burner held");
    }

    /// @dev After every execute on a market, the pair's spot is at or above the band's floor of the TWAP
    /// the execute used, whoever called it and however trades moved the price before.
    function invariant_spotAtOrAboveTheFloorAfterEveryExecute() public view {
        assertEq(handler.spotBelowFloor(), 0, "no execute left the spot below the band's floor");
    }

    /// @dev Every $GALEON the burner received (bought, its $GALEON leg, gifts) is burned or still
    /// waiting for the next $GALEON execute; the supply fell by exactly what the burner burned; every
    /// execute burned exactly what it bought (a $GALEON execute: the whole balance).
    function invariant_everyGaleonTheBurnerReceivedIsBurned() public view {
        uint256 received =
            ledger.payeeWithdrawn(Payee.Buyback, address(galeon)) +
                handler.donated(address(burner), address(galeon)) +
                handler.galeonBought();
        assertEq(
            galeon.balanceOf(address(burner)),
            received - handler.galeonBurned(),
            "burner GALEON == received - burned"
        );
        assertEq(handler.supplyAtStart() - galeon.totalSupply(), handler.galeonBurned(), "supply drop == burned");
        assertEq(handler.unburned(), 0, "every execute burned what it bought (a GALEON execute: everything)");
    }

    /* THE WHOLE SUITE */

    /// @dev For every token and every suite contract, the balance equals what the ghost ledger
    /// accounts to named parties, and the DAO can move it:
    /// - router: the hospitals' and payees' credits (model), plus strangers' transfers, which nobody
    ///   can move (known limitation);
    /// - burner: the leg received minus spent and recovered, spendable by `execute` (a market) or
    ///   recoverable (no market: checked by doing it), $GALEON burnable (checked by doing it);
    /// - treasury: its leg, recoveries and gifts minus what the DAO paid (checked by paying it all);
    /// - timelock: gifts minus what the DAO paid (checked by paying it all);
    /// - Governor: gifts, which only a proposal relaying through it moves (test_governor_...);
    /// - $GALEON contract: gifts, stuck for ever (known limitation).
    function invariant_everyTokenHeldIsClaimableSpendableOrMovable() public {
        address[] memory tokens = handler.suiteTokens();
        for (uint256 t; t < tokens.length; ++t) {
            address token = tokens[t];
            _checkRouter(token);
            _checkTreasuryAndTimelock(token);
            assertEq(
                IERC20(token).balanceOf(address(governor)),
                handler.donated(address(governor), token),
                "Governor == strangers' transfers (relayed by proposals)"
            );
            assertEq(
                IERC20(token).balanceOf(address(galeon)),
                handler.donated(address(galeon), token),
                "GALEON contract == strangers' transfers (stuck)"
            );
            _checkBurnerCanBeEmptied(token);
        }
        assertEq(handler.unexpectedRecoveries(), 0, handler.lastUnexpected());
        assertEq(handler.unexpectedRouterCalls(), 0, handler.lastUnexpected());
        assertEq(routerHandler.unexpected(), 0, routerHandler.lastUnexpected());
    }

    /// @dev The suite's admin powers all belong to the timelock, whose only proposer is the Governor.
    function invariant_everyPowerIsTheTimelocks() public view {
        assertEq(router.owner(), address(timelock), "router owner");
        assertEq(burner.owner(), address(timelock), "burner owner");
        assertEq(treasury.owner(), address(timelock), "treasury owner");
        assertEq(governor.timelock(), address(timelock), "the Governor executes through the timelock");
        assertTrue(timelock.hasRole(timelock.PROPOSER_ROLE(), address(governor)), "the Governor proposes");
        assertTrue(!timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), address(this)), "no deployer admin");
    }

    function _checkRouter(address token) private view {
        uint256 claimable;
        for (uint256 i; i < routerHandler.HOSPITALS(); ++i) claimable += ledger.hospitalClaimable(i, token);
        for (uint256 p; p < 3; ++p) claimable += ledger.payeeClaimable(Payee(p), token);
        assertEq(
            IERC20(token).balanceOf(address(router)),
            claimable + handler.donated(address(router), token),
            "router == hospitals' and payees' credits + strangers' transfers"
        );
    }

    /// @dev The treasury's and the timelock's balances as the ledger says; the DAO can pay them out in full.
    function _checkTreasuryAndTimelock(address token) private {
        uint256 inTreasury = IERC20(token).balanceOf(address(treasury));
        assertEq(
            inTreasury,
            ledger.payeeWithdrawn(Payee.Treasury, token) +
                handler.treasuryRecovered(token) +
                handler.donated(address(treasury), token) -
                handler.treasuryPaidOut(token),
            "treasury == leg collected + recovered + gifts - paid out"
        );
        uint256 inTimelock = IERC20(token).balanceOf(address(timelock));
        assertEq(
            inTimelock,
            handler.donated(address(timelock), token) - handler.timelockPaidOut(token),
            "timelock == gifts - paid out"
        );
        uint256 snapshot = vm.snapshotState();
        vm.startPrank(address(timelock));
        if (inTreasury != 0) treasury.transferToken(token, address(0xBEEF), inTreasury);
        if (inTimelock != 0) require(IERC20(token).transfer(address(0xBEEF), inTimelock), "timelock pays");
        vm.stopPrank();
        assertEq(IERC20(token).balanceOf(address(treasury)), 0, "the DAO can empty the treasury");
        assertEq(IERC20(token).balanceOf(address(timelock)), 0, "the DAO can empty the timelock");
        vm.revertToState(snapshot);
    }

    /// @dev Whatever the burner holds or is credited, the DAO can move it in one proposal (retire the
    /// market if there is one, recover to the treasury), and $GALEON is burned by anyone's execute.
    function _checkBurnerCanBeEmptied(address token) private {
        uint256 held = IERC20(token).balanceOf(address(burner));
        uint256 credited = ledger.payeeClaimable(Payee.Buyback, token);
        if (held + credited == 0) return;
        uint256 snapshot = vm.snapshotState();
        if (token == address(galeon)) {
            uint256 supply = galeon.totalSupply();
            burner.execute(token);
            assertEq(supply - galeon.totalSupply(), held + credited, "the burner's GALEON is burnable, all of it");
        } else {
            vm.startPrank(address(timelock));
            (address pair, , , ) = burner.market(token);
            if (pair != address(0)) burner.setPair(token, address(0));
            burner.recoverToken(token, address(treasury), type(uint256).max);
            vm.stopPrank();
        }
        assertEq(IERC20(token).balanceOf(address(burner)), 0, "the burner can be emptied");
        assertEq(router.payeeBalance(Payee.Buyback, token), 0, "and its credited leg with it");
        vm.revertToState(snapshot);
    }
}
