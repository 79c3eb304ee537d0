// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

import {ISuiteOwnable} from "../interfaces/ISuiteOwnable.sol";

/// @title SuiteOwnable
/// @notice OpenZeppelin `Ownable2Step` without `renounceOwnership`: the admin of a suite contract moves only
/// to an account that accepts it, and never to nobody.
/// @dev The one ownership base of the suite. The router inherits it twice (through GuardianPausable and
/// HospitalRegistry); a single base keeps one definition of every ownership function on all paths, so the
/// router needs no override. Inheritors call `Ownable(initialOwner)` in their constructor.
abstract contract SuiteOwnable is Ownable2Step, ISuiteOwnable {
    /// @notice Disabled: always reverts (`SuiteOwnableRenounceDisabled` for the owner,
    /// `OwnableUnauthorizedAccount` for anyone else).
    function renounceOwnership() public view virtual override onlyOwner {
        revert SuiteOwnableRenounceDisabled();
    }
}
