// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {Vm} from "../utils/Vm.sol";
import {IUniswapV2FactoryForTests, IUniswapV2PairForTests} from "../utils/UniswapV2Deployer.sol";
import {RouterTestLib} from "../payments/RouterTestLib.sol";
import {DataAccessRouterHandler} from "./DataAccessRouterHandler.sol";
import {DataAccessRouterLedger} from "./DataAccessRouterLedger.sol";
import {BuybackBurner} from "../../../contracts/buyback/BuybackBurner.sol";
import {GaleonTreasury} from "../../../contracts/dao/GaleonTreasury.sol";
import {TwapLib} from "../../../contracts/libraries/TwapLib.sol";
import {DataAccessRouter} from "../../../contracts/payments/DataAccessRouter.sol";
import {Quote} from "../../../contracts/interfaces/IDataAccessRouter.sol";
import {Payee} from "../../../contracts/interfaces/IPayeeWithdrawals.sol";
import {TestStablecoin} from "../../../contracts/testnet/TestStablecoin.sol";
import {GaleonToken} from "../../../contracts/token/GaleonToken.sol";

/// @notice The suite a `SuiteHandler` drives (`configure`'s argument).
struct Suite {
    DataAccessRouter router;
    DataAccessRouterLedger ledger;
    DataAccessRouterHandler routerHandler;
    BuybackBurner burner;
    GaleonTreasury treasury;
    address timelock;
    address governor;
    GaleonToken galeon;
    address factory;
    uint256 attestorKey;
    address eurcPair;
}

contract SuiteHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    uint256 public constant LOT = 10_000e6;
    uint256 internal constant GALEON_LIQUIDITY = 10_000_000e18;
    address public constant KEEPER = address(0x4B);
    address public constant GRANTEE = address(0x6A47);
    address public constant DONOR = address(0xD0);

    /// @dev The buyer of the $GALEON purchases (the router handler has its own).
    uint256 internal constant BUYER_KEY = 0xB0B6;
    uint256 internal constant HOSPITALS = 12;
    /// @dev The split the model assumes: the suite runs never change it (40/30/20/10).
    uint256 internal constant HOSPITALS_BPS = 4_000;
    uint256 internal constant TREASURY_BPS = 3_000;
    uint256 internal constant BUYBACK_BPS = 2_000;

    DataAccessRouter public router;
    DataAccessRouterLedger public ledger;
    DataAccessRouterHandler public routerHandler;
    BuybackBurner public burner;
    GaleonTreasury public treasury;
    address public timelock;
    address public governor;
    GaleonToken public galeon;
    address public factory;
    uint256 internal _attestorKey;
    address public buyer;
    /// @dev The router handler's stablecoins (the first has a market from the start, the second is
    /// allowlisted before its pair exists), blocklisting and fee-on-transfer tokens; then $GALEON.
    address[] internal _tokens;
    uint256 internal _nonce;

    mapping(bytes32 action => uint256) public count;
    string public lastUnexpected;
    /// @dev $GALEON purchases, claims, withdrawals, collections or stranger transfers that ended
    /// otherwise than the model says.
    uint256 public unexpectedRouterCalls;

    /// @dev Tokens with a Uniswap V2 pair (created on setup, or later for the second stablecoin).
    mapping(address token => address) public pairOf;

    uint256 public now_;
    uint256 public supplyAtStart;

    /* THE BURNER'S GHOST LEDGER */

    /// @dev What the burner paid into the pair, per token (the pair's balance delta around `execute`).
    mapping(address token => uint256) public spent;
    /// @dev What left the burner through `recoverToken`, per token (the burner's balance delta).
    mapping(address token => uint256) public recovered;
    /// @dev $GALEON the burner bought (the pair's $GALEON balance delta around `execute`).
    uint256 public galeonBought;
    /// @dev $GALEON burned by the burner's calls (the drop in `totalSupply` around each call).
    uint256 public galeonBurned;

    /* STRANGERS' TRANSFERS AND THE DAO'S PAYMENTS */

    /// @dev What suite contract `to` received from strangers sending `token` straight to it.
    mapping(address to => mapping(address token => uint256)) public donated;
    /// @dev What the treasury received through `recoverToken`, and paid out by proposals.
    mapping(address token => uint256) public treasuryRecovered;
    mapping(address token => uint256) public treasuryPaidOut;
    /// @dev What the timelock paid out of its own balance by proposals.
    mapping(address token => uint256) public timelockPaidOut;

    /* OUTCOMES THAT BREAK A RULE (each must stay zero) */

    /// @dev Executes after which the $GALEON bought was not all burned, or the burner kept $GALEON
    /// after a $GALEON execute, or burned other than what it bought.
    uint256 public unburned;
    /// @dev Executes that spent more than the burner held after withdrawing its leg.
    uint256 public overspent;
    /// @dev Executes after which the pair's spot was below the band's floor of the TWAP they used.
    uint256 public spotBelowFloor;
    /// @dev The band's floor before the execute in progress (storage: `_execute` has no stack left).
    uint256 private _floorBefore;
    /// @dev DAO recoveries that failed for a token the burner cannot buy back with, or went through for
    /// one it can.
    uint256 public unexpectedRecoveries;

    /// @dev Names the suite, once, and the supply from which burns are counted (after the test
    /// funded every party).
    function configure(Suite calldata s) external {
        if (supplyAtStart != 0) return;
        router = s.router;
        ledger = s.ledger;
        routerHandler = s.routerHandler;
        burner = s.burner;
        treasury = s.treasury;
        timelock = s.timelock;
        governor = s.governor;
        galeon = s.galeon;
        factory = s.factory;
        _attestorKey = s.attestorKey;
        buyer = vm.addr(BUYER_KEY);
        address[] memory routerTokens = s.routerHandler.allTokens();
        for (uint256 i; i < routerTokens.length; ++i) _tokens.push(routerTokens[i]);
        _tokens.push(address(s.galeon));
        pairOf[routerTokens[0]] = s.eurcPair;
        supplyAtStart = s.galeon.totalSupply();
        now_ = block.timestamp;
    }

    /// @dev Invariant calls may not carry the block time over: every action re-applies ours.
    modifier timed() {
        vm.warp(now_);
        _;
    }

    /* PURCHASES AND CLAIMS IN $GALEON (the router handler makes the others) */

    /// @notice A purchase paid in $GALEON (1 to 100,000 GALEON, from the handler's stock) over the
    /// hospitals picked by `mask`: the ledger gets the model's split (floors per leg, cumulative floors
    /// per hospital), never the router's.
    function buyWithGaleon(uint256 amount, uint256 mask, uint256 unitsSeed) external {
        amount = 1e18 + (amount % 100_000e18);
        mask = mask % (1 << HOSPITALS);
        if (mask == 0) mask = 1;
        (uint256[] memory ids, uint256[] memory units, uint256[] memory usage) = _usage(mask, unitsSeed);
        Quote memory q = RouterTestLib.quote(
            keccak256(abi.encode("suite", ++_nonce)),
            buyer,
            address(galeon),
            amount,
            usage
        );
        bytes memory signature = RouterTestLib.sign(router, _attestorKey, q);
        require(galeon.transfer(buyer, amount), "fund buyer");
        ledger.fund(buyer, address(galeon), amount);
        vm.prank(buyer);
        galeon.approve(address(router), amount);
        vm.prank(buyer);
        try router.purchase(q, signature, amount) {
            _recordPurchase(q, ids, units);
            count["buy with GALEON"]++;
        } catch {
            _routerUnexpected("a GALEON purchase was refused");
        }
    }

    /// @notice Anyone claims a hospital's $GALEON.
    function claimGaleon(uint256 hospitalSeed) external {
        uint256 id = hospitalSeed % HOSPITALS;
        address[] memory one = _one(address(galeon));
        try router.claimHospital(uint32(id), one) {
            ledger.payHospital(id, address(galeon), routerHandler.payoutOf(id));
            count["claim GALEON"]++;
        } catch {
            _routerUnexpected("a GALEON claim failed");
        }
    }

    /// @notice Anyone (a stranger) withdraws a payee's $GALEON: for the buy-back, the $GALEON lands in
    /// the burner without being burned yet.
    function withdrawGaleon(uint256 payeeSeed) external {
        Payee payee = Payee(payeeSeed % 3);
        vm.prank(DONOR);
        try router.withdrawPayee(payee, _one(address(galeon))) {
            ledger.payPayee(payee, address(galeon), routerHandler.payeeAddressOf(payee));
            count["withdraw GALEON"]++;
        } catch {
            _routerUnexpected("a GALEON payee withdrawal failed");
        }
    }

    /// @notice The treasury pulls its leg of the picked tokens from the router (anyone may call).
    function collect(uint256 tokenMask) external {
        address[] memory tokens = _pickWithGaleon(tokenMask);
        vm.prank(DONOR);
        try treasury.collect(address(router), tokens) {
            for (uint256 i; i < tokens.length; ++i) {
                ledger.payPayee(Payee.Treasury, tokens[i], address(treasury));
            }
            count["collect"]++;
        } catch {
            _routerUnexpected("the treasury could not collect");
        }
    }

    /* THE BUY-BACK */

    function wait(uint256 secondsAhead) external timed {
        now_ += 1 + (secondsAhead % 3 hours);
        vm.warp(now_);
    }

    function record(uint256 tokenSeed) external timed {
        address token = _tokens[tokenSeed % 2];
        try burner.recordObservation(token) {
            count["record"]++;
        } catch {
            count["record refused"]++;
        }
    }

    /// @notice The keeper executes a buy-back in any suite token (a stablecoin with or without a
    /// market, the blocklisting or fee-on-transfer token, $GALEON).
    function keeperExecute(uint256 tokenSeed) external timed {
        _execute(KEEPER, _anyToken(tokenSeed));
    }

    /// @notice A stranger, in one transaction: moves the spot of a market by buying (or selling) up to
    /// 1.5% of the reserve, executes, and trades back.
    function strangerExecute(uint256 tokenSeed, uint256 depth, bool buyFirst) external timed {
        address token = _tokens[tokenSeed % 2];
        address pair = pairOf[token];
        if (pair == address(0)) return _execute(DONOR, token);
        (uint256 tokenReserve, uint256 galeonReserve) = _reserves(token);
        if (buyFirst) {
            uint256 bought = _buy(token, (tokenReserve * (1 + (depth % 150))) / 10_000);
            _execute(DONOR, token);
            _sell(token, bought);
        } else {
            uint256 got = _sell(token, (galeonReserve * (1 + (depth % 150))) / 10_000);
            _execute(DONOR, token);
            _buy(token, got);
        }
    }

    /// @notice A trader moves a market's price, up to 3% of the reserve.
    function trade(uint256 tokenSeed, uint256 amount, bool buyGaleon) external timed {
        address token = _tokens[tokenSeed % 2];
        if (pairOf[token] == address(0)) return;
        (uint256 tokenReserve, uint256 galeonReserve) = _reserves(token);
        if (buyGaleon) _buy(token, 1 + (amount % ((tokenReserve * 3) / 100)));
        else _sell(token, 1 + (amount % ((galeonReserve * 3) / 100)));
        count["trade"]++;
    }

    /// @notice The second stablecoin, allowlisted in the router from the start (its buy-back legs
    /// accrue in the burner with no market), gets its pair; the DAO enables it with a lot.
    function openSecondMarket() external timed {
        address token = _tokens[1];
        if (pairOf[token] != address(0)) return;
        address pair = IUniswapV2FactoryForTests(factory).createPair(token, address(galeon));
        TestStablecoin(token).mint(pair, 1_000_000e18);
        require(galeon.transfer(pair, GALEON_LIQUIDITY), "seed");
        IUniswapV2PairForTests(pair).mint(address(this));
        pairOf[token] = pair;
        vm.startPrank(timelock);
        burner.setPair(token, pair);
        burner.setLot(token, 10_000e18);
        vm.stopPrank();
        count["open second market"]++;
    }

    /* THE DAO (the timelock, as when a proposal executes) */

    /// @notice The DAO retires a market (`setPair(token, 0)`): the burner's balance of it becomes
    /// recoverable.
    function daoRetireMarket(uint256 tokenSeed) external timed {
        address token = _tokens[tokenSeed % 2];
        (address pair, , , ) = burner.market(token);
        if (pair == address(0)) return;
        vm.prank(timelock);
        burner.setPair(token, address(0));
        count["retire market"]++;
    }

    /// @notice The DAO restores a retired market (its observations start again).
    function daoRestoreMarket(uint256 tokenSeed) external timed {
        address token = _tokens[tokenSeed % 2];
        (address current, , , ) = burner.market(token);
        if (pairOf[token] == address(0) || current != address(0)) return;
        vm.prank(timelock);
        burner.setPair(token, pairOf[token]);
        count["restore market"]++;
    }

    /// @notice The DAO recovers a token from the burner to the treasury: it goes through exactly when
    /// the token is not $GALEON, has no market, and the burner holds (or is credited) some of it.
    function daoRecover(uint256 tokenSeed) external timed {
        address token = _anyToken(tokenSeed);
        (address pair, , , ) = burner.market(token);
        uint256 claimable = ledger.payeeClaimable(Payee.Buyback, token);
        uint256 burnerBefore = IERC20(token).balanceOf(address(burner));
        uint256 treasuryBefore = IERC20(token).balanceOf(address(treasury));
        bool mustWork = token != address(galeon) && pair == address(0) && burnerBefore + claimable != 0;
        vm.prank(timelock);
        try burner.recoverToken(token, address(treasury), type(uint256).max) {
            if (!mustWork) _recoveryUnexpected("a token the burner can buy back with was recovered");
            ledger.payPayee(Payee.Buyback, token, address(burner));
            recovered[token] += burnerBefore + claimable - IERC20(token).balanceOf(address(burner));
            treasuryRecovered[token] += IERC20(token).balanceOf(address(treasury)) - treasuryBefore;
            count["recover"]++;
        } catch {
            if (mustWork) _recoveryUnexpected("a token the burner cannot buy back with was not recoverable");
            count["recover refused"]++;
        }
    }

    /// @notice The DAO pays part of the treasury's balance of a token to a grantee.
    function daoPayFromTreasury(uint256 tokenSeed, uint256 amount) external {
        address token = _anyToken(tokenSeed);
        uint256 balance = IERC20(token).balanceOf(address(treasury));
        if (balance == 0) return;
        amount = 1 + (amount % balance);
        vm.prank(timelock);
        treasury.transferToken(token, GRANTEE, amount);
        treasuryPaidOut[token] += amount;
        count["treasury pays"]++;
    }

    /// @notice The DAO moves what strangers sent to the timelock (a proposal calling the token).
    function daoPayFromTimelock(uint256 tokenSeed) external {
        address token = _anyToken(tokenSeed);
        uint256 balance = IERC20(token).balanceOf(timelock);
        if (balance == 0) return;
        vm.prank(timelock);
        require(IERC20(token).transfer(GRANTEE, balance), "timelock pays");
        timelockPaidOut[token] += balance;
        count["timelock pays"]++;
    }

    /* STRANGERS */

    /// @notice A stranger sends tokens straight to a suite contract: the router, the burner, the
    /// treasury, the timelock, the Governor or the $GALEON contract itself.
    function donate(uint256 targetSeed, uint256 tokenSeed, uint256 amount) external {
        address[6] memory targets = [
            address(router),
            address(burner),
            address(treasury),
            timelock,
            governor,
            address(galeon)
        ];
        address to = targets[targetSeed % 6];
        address token = _anyToken(tokenSeed);
        amount = 1 + (amount % 1_000e18);
        if (token == address(galeon)) {
            require(galeon.transfer(DONOR, amount), "fund donor");
        } else {
            TestStablecoin(token).mint(DONOR, amount);
        }
        uint256 before = IERC20(token).balanceOf(to);
        vm.prank(DONOR);
        try IERC20(token).transfer(to, amount) {
            donated[to][token] += IERC20(token).balanceOf(to) - before;
            count["donate"]++;
        } catch {
            // The blocklisting token refuses nothing here (only hospital payouts are ever blocked).
            _routerUnexpected("a stranger's transfer failed");
        }
    }

    /* VIEWS */

    /// @dev Every token a suite contract may hold: the two stablecoins, the blocklisting and the
    /// fee-on-transfer token, $GALEON.
    function suiteTokens() external view returns (address[] memory) {
        return _tokens;
    }

    /* INTERNAL */

    /// @dev One execute, with the ghost ledger kept from the deltas it observes: the leg withdrawn
    /// (the model's claimable), what went into the pair, the $GALEON that came out, the supply drop.
    function _execute(address caller, address token) private {
        address pair = pairOf[token];
        uint256 claimable = ledger.payeeClaimable(Payee.Buyback, token);
        uint256 burnerBefore = IERC20(token).balanceOf(address(burner));
        uint256 burnerGaleonBefore = galeon.balanceOf(address(burner));
        uint256 pairBefore = pair == address(0) ? 0 : IERC20(token).balanceOf(pair);
        uint256 pairGaleonBefore = pair == address(0) ? 0 : galeon.balanceOf(pair);
        uint256 supplyBefore = galeon.totalSupply();
        _floorBefore = pair == address(0) ? 0 : _floor(token);
        vm.prank(caller);
        try burner.execute(token) returns (uint256 amountIn, uint256 burnedNow) {
            if (pair != address(0) && token != address(galeon) && _spot(token, pair) < _floorBefore) ++spotBelowFloor;
            ledger.payPayee(Payee.Buyback, token, address(burner));
            uint256 supplyDrop = supplyBefore - galeon.totalSupply();
            galeonBurned += supplyDrop;
            if (supplyDrop != burnedNow) ++unburned;
            if (token == address(galeon)) {
                // The whole balance, leg included, is burned directly.
                if (galeon.balanceOf(address(burner)) != 0) ++unburned;
                if (supplyDrop != burnerGaleonBefore + claimable) ++unburned;
            } else {
                uint256 paidIn = IERC20(token).balanceOf(pair) - pairBefore;
                uint256 bought = pairGaleonBefore - galeon.balanceOf(pair);
                spent[token] += paidIn;
                galeonBought += bought;
                if (paidIn != amountIn || paidIn > burnerBefore + claimable) ++overspent;
                // Every unit bought is burned in the same call; $GALEON the burner held before stays
                // for the next $GALEON execute.
                if (supplyDrop != bought || galeon.balanceOf(address(burner)) != burnerGaleonBefore) ++unburned;
            }
            count[caller == KEEPER ? bytes32("keeper execute") : bytes32("stranger execute")]++;
        } catch {
            count["execute refused"]++;
        }
    }

    /// @dev The band's floor of the TWAP an execute of `token` now would use (zero when it cannot price).
    function _floor(address token) private view returns (uint256) {
        try burner.prices(token) returns (uint256 twapX112, uint256) {
            (, uint256 deviationBps, , , ) = burner.parameters();
            return TwapLib.bandFloor(twapX112, deviationBps);
        } catch {
            return 0;
        }
    }

    /// @dev The pair's spot, $GALEON per unit of `token`, from its reserves.
    function _spot(address token, address pair) private view returns (uint256) {
        (uint112 r0, uint112 r1, ) = IUniswapV2PairForTests(pair).getReserves();
        bool tokenIs0 = IUniswapV2PairForTests(pair).token0() == token;
        return tokenIs0 ? TwapLib.spotPrice(r0, r1) : TwapLib.spotPrice(r1, r0);
    }

    function _recordPurchase(Quote memory q, uint256[] memory ids, uint256[] memory units) private {
        (uint256[4] memory parts, uint256[] memory credits) = _split(q.amount, units);
        ledger.recordPurchase(q.accessId, q.buyer, q.accessExpiry, q.buyer, q.token, q.amount, parts, ids, credits);
    }

    function _routerUnexpected(string memory what) private {
        ++unexpectedRouterCalls;
        lastUnexpected = what;
    }

    /// @dev The hospitals of `mask` with 1 to 10^6 units each, and the packed usage vector.
    function _usage(
        uint256 mask,
        uint256 unitsSeed
    ) private pure returns (uint256[] memory ids, uint256[] memory units, uint256[] memory usage) {
        uint256 n;
        for (uint256 id; id < HOSPITALS; ++id) if ((mask >> id) & 1 == 1) ++n;
        (ids, units, usage) = (new uint256[](n), new uint256[](n), new uint256[](n));
        n = 0;
        for (uint256 id; id < HOSPITALS; ++id) {
            if ((mask >> id) & 1 == 0) continue;
            ids[n] = id;
            units[n] = 1 + (uint256(keccak256(abi.encode(unitsSeed, id))) % 1_000_000);
            usage[n] = RouterTestLib.entry(id, units[n]);
            ++n;
        }
    }

    /// @dev The model's split at 40/30/20/10 (amounts of at least 1 GALEON: no part and no credit is
    /// zero): floors for the three first legs, the rest to Galeon, cumulative floors per hospital.
    function _split(
        uint256 amount,
        uint256[] memory units
    ) private pure returns (uint256[4] memory parts, uint256[] memory credits) {
        parts[0] = (amount * HOSPITALS_BPS) / 10_000;
        parts[1] = (amount * TREASURY_BPS) / 10_000;
        parts[2] = (amount * BUYBACK_BPS) / 10_000;
        parts[3] = amount - parts[0] - parts[1] - parts[2];
        uint256 total;
        for (uint256 i; i < units.length; ++i) total += units[i];
        credits = new uint256[](units.length);
        (uint256 cumulative, uint256 previous) = (0, 0);
        for (uint256 i; i < units.length; ++i) {
            cumulative += units[i];
            uint256 upTo = (parts[0] * cumulative) / total;
            credits[i] = upTo - previous;
            previous = upTo;
        }
    }

    function _recoveryUnexpected(string memory what) private {
        ++unexpectedRecoveries;
        lastUnexpected = what;
    }

    function _anyToken(uint256 seed) private view returns (address) {
        return _tokens[seed % _tokens.length];
    }

    function _one(address token) private pure returns (address[] memory one) {
        one = new address[](1);
        one[0] = token;
    }

    function _pickWithGaleon(uint256 mask) private view returns (address[] memory picked) {
        address[] memory all = _tokens;
        uint256 n;
        for (uint256 i; i < all.length; ++i) if ((mask >> i) & 1 == 1) ++n;
        if (n == 0) return all;
        picked = new address[](n);
        n = 0;
        for (uint256 i; i < all.length; ++i) if ((mask >> i) & 1 == 1) picked[n++] = all[i];
    }

    function _reserves(address token) private view returns (uint256 tokenReserve, uint256 galeonReserve) {
        address pair = pairOf[token];
        (uint112 r0, uint112 r1, ) = IUniswapV2PairForTests(pair).getReserves();
        (tokenReserve, galeonReserve) = _tokenIs0(token) ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
    }

    function _tokenIs0(address token) private view returns (bool) {
        return IUniswapV2PairForTests(pairOf[token]).token0() == token;
    }

    /// @dev Buys $GALEON on the pair with freshly minted `amount` of the stablecoin.
    function _buy(address token, uint256 amount) private returns (uint256 out) {
        if (amount == 0) return 0;
        (uint256 tokenReserve, uint256 galeonReserve) = _reserves(token);
        out = (amount * 997 * galeonReserve) / (tokenReserve * 1000 + amount * 997);
        if (out == 0) return 0;
        address pair = pairOf[token];
        TestStablecoin(token).mint(pair, amount);
        bool tokenIs0 = _tokenIs0(token);
        IUniswapV2PairForTests(pair).swap(tokenIs0 ? 0 : out, tokenIs0 ? out : 0, address(this), "");
    }

    /// @dev Sells `amount` of the handler's $GALEON on the pair.
    function _sell(address token, uint256 amount) private returns (uint256 out) {
        if (amount == 0) return 0;
        (uint256 tokenReserve, uint256 galeonReserve) = _reserves(token);
        out = (amount * 997 * tokenReserve) / (galeonReserve * 1000 + amount * 997);
        if (out == 0) return 0;
        address pair = pairOf[token];
        require(galeon.transfer(pair, amount), "sell");
        bool tokenIs0 = _tokenIs0(token);
        IUniswapV2PairForTests(pair).swap(tokenIs0 ? out : 0, tokenIs0 ? 0 : out, address(this), "");
    }
}
