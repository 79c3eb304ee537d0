// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDataAccessRouter} from "../interfaces/IDataAccessRouter.sol";
import {IPayoutBatcher} from "../interfaces/IPayoutBatcher.sol";

/// @title PayoutBatcher
/// @notice Claims for many hospitals and tokens in one transaction, through the router's `claimHospital`.
/// @dev A contract beside the router rather than a router function: the router's code-size room is kept
/// for payments, and a batch needs no privilege (`claimHospital` is open to anyone and pays only payouts).
contract PayoutBatcher is IPayoutBatcher {
    /// @inheritdoc IPayoutBatcher
    IDataAccessRouter public immutable ROUTER;

    /// @param router The router.
    constructor(IDataAccessRouter router) {
        ROUTER = router;
    }

    /// @inheritdoc IPayoutBatcher
    function claimHospitals(
        uint32[] calldata hospitalIds,
        address[] calldata tokens
    ) external returns (uint256[][] memory amounts) {
        uint256 n = hospitalIds.length;
        amounts = new uint256[][](n);
        for (uint256 i; i < n; ++i) {
            uint32 hospitalId = hospitalIds[i];
            try ROUTER.claimHospital(hospitalId, tokens) returns (uint256[] memory paid) {
                amounts[i] = paid;
            } catch {
                amounts[i] = _claimTokenByToken(hospitalId, tokens);
            }
        }
    }

    /// @dev After a failed claim: each token alone, so one blocked token does not hold back the others.
    function _claimTokenByToken(uint32 hospitalId, address[] calldata tokens) private returns (uint256[] memory paid) {
        paid = new uint256[](tokens.length);
        address[] memory one = new address[](1);
        for (uint256 j; j < tokens.length; ++j) {
            one[0] = tokens[j];
            try ROUTER.claimHospital(hospitalId, one) returns (uint256[] memory amount) {
                paid[j] = amount[0];
            } catch (bytes memory reason) {
                emit HospitalClaimFailed(hospitalId, tokens[j], reason);
            }
        }
    }
}
