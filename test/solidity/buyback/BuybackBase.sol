// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {BaseTest} from "../utils/BaseTest.sol";
import {IUniswapV2FactoryForTests, IUniswapV2PairForTests, UniswapV2Deployer} from "../utils/UniswapV2Deployer.sol";
import {BuybackBurner} from "../../../contracts/buyback/BuybackBurner.sol";
import {IPayeeWithdrawals, Payee} from "../../../contracts/interfaces/IPayeeWithdrawals.sol";
import {GaleonToken} from "../../../contracts/token/GaleonToken.sol";
import {TestStablecoin} from "../../../contracts/testnet/TestStablecoin.sol";

/// @notice A stand-in for the payment router's payee-withdrawal side: it holds credited tokens and
/// pays them, on `withdrawPayee`, to the registered buy-back address (as DataAccessRouter does).
contract PayeeWithdrawalsStub is IPayeeWithdrawals {
    address private immutable BUYBACK;
    mapping(address token => uint256) private _credited;

    constructor(address buyback) {
        BUYBACK = buyback;
    }

    /// @dev The caller must have transferred `amount` of `token` to this contract.
    function credit(address token, uint256 amount) external {
        _credited[token] += amount;
    }

    function withdrawPayee(Payee payee, address[] calldata tokens) external returns (uint256[] memory amounts) {
        amounts = new uint256[](tokens.length);
        if (payee != Payee.Buyback) return amounts;
        for (uint256 i; i < tokens.length; ++i) {
            amounts[i] = _credited[tokens[i]];
            _credited[tokens[i]] = 0;
            require(IERC20(tokens[i]).transfer(BUYBACK, amounts[i]), "transfer");
        }
    }

    function payeeBalance(Payee payee, address token) external view returns (uint256) {
        return payee == Payee.Buyback ? _credited[token] : 0;
    }

    function payeeAddress(Payee payee) external view returns (address) {
        return payee == Payee.Buyback ? BUYBACK : address(0);
    }
}

/// @notice The real Uniswap V2 factory (npm artifact), $GALEON, a stablecoin pair seeded at
/// 10 GALEON per stablecoin unit, and the burner configured on it with the window elapsed.
abstract contract BuybackBase is BaseTest {
    address internal constant ADMIN = address(0xAD);
    address internal constant GUARDIAN = address(0x6A);
    address internal constant KEEPER = address(0x4B);
    address internal constant STRANGER = address(0x5A);
    uint256 internal constant SUPPLY = 1_000_000_000e18;
    uint256 internal constant GALEON_LIQUIDITY = 10_000_000e18;
    uint256 internal constant START = 1_700_000_000;

    GaleonToken internal galeon;
    address internal factory;
    BuybackBurner internal burner;

    function _deployCore() internal {
        vm.warp(START);
        address[] memory recipients = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        recipients[0] = address(this);
        amounts[0] = SUPPLY;
        galeon = new GaleonToken(recipients, amounts);
        factory = UniswapV2Deployer.deployFactory(address(this));
        burner = new BuybackBurner(ADMIN, GUARDIAN, uint64(START + 365 days), address(galeon), factory);
    }

    /// @dev A stablecoin whose address sorts before (`asToken0`) or after $GALEON.
    function _stablecoin(uint8 decimals, bool asToken0) internal returns (TestStablecoin token) {
        for (uint256 i; i < 32; ++i) {
            token = new TestStablecoin("Test Euro", "tEURC", decimals);
            if ((address(token) < address(galeon)) == asToken0) return token;
        }
        revert("no address on that side");
    }

    /// @dev Creates and seeds the pair (10 GALEON per whole stablecoin), configures the burner with
    /// `lot`, records the first observation and lets the TWAP window pass.
    function _market(TestStablecoin token, uint256 lot) internal returns (address pair) {
        pair = _seededPair(token);
        vm.prank(ADMIN);
        burner.setLot(address(token), lot);
        burner.recordObservation(address(token));
        vm.warp(block.timestamp + 30 minutes);
    }

    /// @dev Creates and seeds the pair (10 GALEON per whole stablecoin) and sets it on the burner,
    /// without an observation.
    function _seededPair(TestStablecoin token) internal returns (address pair) {
        uint256 tokenLiquidity = 1_000_000 * 10 ** token.decimals();
        pair = IUniswapV2FactoryForTests(factory).createPair(address(token), address(galeon));
        token.mint(pair, tokenLiquidity);
        require(galeon.transfer(pair, GALEON_LIQUIDITY), "seed");
        IUniswapV2PairForTests(pair).mint(address(this));
        vm.prank(ADMIN);
        burner.setPair(address(token), pair);
    }

    /// @dev A market sale of GALEON (from this contract's stock) straight on the pair.
    function _sellGaleon(TestStablecoin token, address pair, uint256 galeonIn) internal returns (uint256 out) {
        (uint112 r0, uint112 r1, ) = IUniswapV2PairForTests(pair).getReserves();
        bool tokenIs0 = IUniswapV2PairForTests(pair).token0() == address(token);
        (uint256 reserveIn, uint256 reserveOut) = tokenIs0 ? (uint256(r1), uint256(r0)) : (uint256(r0), uint256(r1));
        out = (galeonIn * 997 * reserveOut) / (reserveIn * 1000 + galeonIn * 997);
        require(galeon.transfer(pair, galeonIn), "sell");
        IUniswapV2PairForTests(pair).swap(tokenIs0 ? out : 0, tokenIs0 ? 0 : out, address(this), "");
    }

    /// @dev An arbitrageur brings the pair back to the seeded price (10 GALEON per whole stablecoin).
    function _restorePrice(TestStablecoin token, address pair) internal {
        (uint112 r0, uint112 r1, ) = IUniswapV2PairForTests(pair).getReserves();
        bool tokenIs0 = IUniswapV2PairForTests(pair).token0() == address(token);
        (uint256 tokenReserve, uint256 galeonReserve) = tokenIs0
            ? (uint256(r0), uint256(r1))
            : (uint256(r1), uint256(r0));
        uint256 tokenLiquidity = 1_000_000 * 10 ** token.decimals();
        uint256 target = Math.sqrt(((tokenReserve * galeonReserve) / GALEON_LIQUIDITY) * tokenLiquidity);
        if (tokenReserve > target) {
            // Sell the GALEON that takes (tokenReserve - target) out, as UniswapV2Library.getAmountIn.
            uint256 out = tokenReserve - target;
            _sellGaleon(token, pair, (galeonReserve * out * 1000) / ((tokenReserve - out) * 997) + 1);
        } else if (target > tokenReserve) {
            _buyGaleon(token, pair, target - tokenReserve);
        }
    }

    /// @dev The buy after which the band leaves the burner between 1 and 1,000 base units
    /// (`maxLotForDeviation`), found by bisection on state snapshots: the starving attacker's move.
    function _suppressingBuy(TestStablecoin token, address pair) internal returns (uint256) {
        uint256 low;
        uint256 high = token.balanceOf(pair) / 10;
        while (high - low > 1) {
            uint256 middle = (low + high) / 2;
            uint256 snapshot = vm.snapshotState();
            _buyGaleon(token, pair, middle);
            uint256 maxLot = burner.maxLotForDeviation(address(token));
            vm.revertToState(snapshot);
            if (maxLot >= 1 && maxLot <= 1_000) return middle;
            if (maxLot == 0) high = middle;
            else low = middle;
        }
        revert("no suppressing buy");
    }

    /// @dev A market buy of GALEON straight on the pair (the front-runner's move).
    function _buyGaleon(TestStablecoin token, address pair, uint256 amountIn) internal returns (uint256 out) {
        (uint112 r0, uint112 r1, ) = IUniswapV2PairForTests(pair).getReserves();
        bool tokenIs0 = IUniswapV2PairForTests(pair).token0() == address(token);
        (uint256 reserveIn, uint256 reserveOut) = tokenIs0 ? (uint256(r0), uint256(r1)) : (uint256(r1), uint256(r0));
        out = (amountIn * 997 * reserveOut) / (reserveIn * 1000 + amountIn * 997);
        token.mint(pair, amountIn);
        IUniswapV2PairForTests(pair).swap(tokenIs0 ? 0 : out, tokenIs0 ? out : 0, address(this), "");
    }
}
