// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorPreventLateQuorum} from "@openzeppelin/contracts/governance/extensions/GovernorPreventLateQuorum.sol";
import {GovernorProposalGuardian} from "@openzeppelin/contracts/governance/extensions/GovernorProposalGuardian.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
// solhint-disable-next-line max-line-length
import {GovernorVotesQuorumFraction} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";

import {IGaleonGovernor} from "../interfaces/IGaleonGovernor.sol";
import {IGuardianPausable} from "../interfaces/IGuardianPausable.sol";

/// @title GaleonGovernor
/// @notice The Galeon DAO: $GALEON holders propose and vote; passed proposals wait in the
/// TimelockController, which holds every admin power of the suite, then anyone executes them. A
/// proposal guardian (a multisig) may cancel proposals until its mandate expires, except the
/// guardian-limiting ones (unpause, remove a guardian), which pass with two thirds of the votes cast.
/// @dev Assembled from OpenZeppelin extensions as its `MyGovernor` is; the additions are the guardian's
/// expiry and the guardian-limiting rule. The clock is the token's ERC-6372 timestamp clock.
contract GaleonGovernor is
    Governor,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorPreventLateQuorum,
    GovernorProposalGuardian,
    GovernorTimelockControl,
    IGaleonGovernor
{
    /* STORAGE */

    uint64 private _proposalGuardianExpiry;

    /// @dev Set at propose time for a proposal whose every action unpauses or removes a guardian.
    mapping(uint256 proposalId => bool) private _guardianLimiting;

    /// @param token_ The votes token ($GALEON); its clock is the Governor's clock.
    /// @param timelock_ The TimelockController that executes proposals and holds the suite's powers.
    /// @param initialVotingDelay Time between proposing and the vote snapshot / opening, in seconds.
    /// @param initialVotingPeriod Duration of the vote, in seconds.
    /// @param initialVoteExtension Minimum time left to vote after quorum is reached, in seconds.
    /// @param initialProposalThreshold Votes needed to propose, in token base units.
    /// @param initialQuorumNumerator Quorum in percent of the past total supply (denominator 100).
    /// @param initialGuardian The proposal guardian (zero: none).
    /// @param initialGuardianExpiry When the guardian's mandate ends (unix seconds).
    constructor(
        IVotes token_,
        TimelockController timelock_,
        uint48 initialVotingDelay,
        uint32 initialVotingPeriod,
        uint48 initialVoteExtension,
        uint256 initialProposalThreshold,
        uint256 initialQuorumNumerator,
        address initialGuardian,
        uint64 initialGuardianExpiry
    )
        Governor("Galeon DAO")
        GovernorSettings(initialVotingDelay, initialVotingPeriod, initialProposalThreshold)
        GovernorVotes(token_)
        GovernorVotesQuorumFraction(initialQuorumNumerator)
        GovernorPreventLateQuorum(initialVoteExtension)
        GovernorTimelockControl(timelock_)
    {
        _setProposalGuardianMandate(initialGuardian, initialGuardianExpiry);
    }

    /* GOVERNANCE-ONLY FUNCTIONS */

    /// @notice Disabled (`GaleonGovernorTimelockFixed`): a proposal that pointed the Governor at another
    /// timelock would leave the suite's owner, this Governor's timelock, without its proposer.
    function updateTimelock(TimelockController) public override onlyGovernance {
        revert GaleonGovernorTimelockFixed();
    }

    /// @inheritdoc IGaleonGovernor
    function setProposalGuardianMandate(address newGuardian, uint64 newExpiry) external onlyGovernance {
        _setProposalGuardianMandate(newGuardian, newExpiry);
    }

    /* VIEWS */

    /// @inheritdoc IGaleonGovernor
    function proposalGuardian() public view override(GovernorProposalGuardian, IGaleonGovernor) returns (address) {
        return block.timestamp < _proposalGuardianExpiry ? super.proposalGuardian() : address(0);
    }

    /// @inheritdoc IGaleonGovernor
    function proposalGuardianExpiry() external view returns (uint64) {
        return _proposalGuardianExpiry;
    }

    /// @inheritdoc IGaleonGovernor
    function isGuardianLimiting(uint256 proposalId) external view returns (bool) {
        return _guardianLimiting[proposalId];
    }

    /* INTERNAL */

    function _setProposalGuardianMandate(address newGuardian, uint64 newExpiry) private {
        require(
            newGuardian == address(0) || newExpiry > block.timestamp,
            GaleonGovernorGuardianExpiryInPast(newExpiry, block.timestamp)
        );
        uint64 oldExpiry = _proposalGuardianExpiry;
        _proposalGuardianExpiry = newExpiry;
        _setProposalGuardian(newGuardian);
        emit ProposalGuardianExpirySet(oldExpiry, newExpiry);
    }

    /// @dev Classifies the proposal once, from its calldata, and records it with its id.
    function _propose(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        string memory description,
        address proposer
    ) internal override returns (uint256 proposalId) {
        proposalId = super._propose(targets, values, calldatas, description, proposer);
        if (_limitsTheGuardian(targets, values, calldatas)) {
            _guardianLimiting[proposalId] = true;
            emit GuardianLimitingProposalCreated(proposalId);
        }
    }

    /// @dev A guardian-limiting proposal passes with two thirds of For + Against (and at least one For vote:
    /// abstentions alone never pass); the quorum is unchanged. Every other proposal: a simple majority.
    function _voteSucceeded(
        uint256 proposalId
    ) internal view override(Governor, GovernorCountingSimple) returns (bool) {
        // For > Against is needed under both rules (and means For > 0).
        if (!super._voteSucceeded(proposalId)) return false;
        // The tallies are warm now. For >= 2/3 (For + Against) <=> For >= 2 Against: then both rules pass,
        // and the flag (a cold storage read) is only read between a simple and a two-thirds majority. No
        // overflow: votes never exceed the supply (ERC20Votes caps it at 2^208 - 1).
        (uint256 againstVotes, uint256 forVotes, ) = proposalVotes(proposalId);
        return !(forVotes < 2 * againstVotes) || !_guardianLimiting[proposalId];
    }

    /// @dev A guardian-limiting proposal cannot be cancelled: not by the guardian it limits, and not by its
    /// proposer either (a guardian that front-ran the DAO's proposal with the same content cannot withdraw
    /// it). Otherwise, with an active guardian, OpenZeppelin's rule: the guardian cancels any proposal, the
    /// proposer its own while Pending. Without one (none, or its mandate ended), only the base rule:
    /// OpenZeppelin would otherwise let proposers cancel their proposals at any stage, and an expired
    /// guardian's power must not pass to anyone.
    function _validateCancel(
        uint256 proposalId,
        address caller
    ) internal view override(Governor, GovernorProposalGuardian) returns (bool) {
        if (_guardianLimiting[proposalId]) return false;
        if (proposalGuardian() == address(0)) return Governor._validateCancel(proposalId, caller);
        return super._validateCancel(proposalId, caller);
    }

    /// @dev True when every action, without value, is `unpause()` or `setGuardian(address(0), *)` on any
    /// target, or `setProposalGuardianMandate(address(0), *)` / `setProposalGuardian(address(0))` on this
    /// Governor, with exactly the ABI-encoded length (no extra bytes). `propose` has already refused an empty
    /// proposal and arrays of different lengths.
    function _limitsTheGuardian(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas
    ) private view returns (bool) {
        for (uint256 i; i < targets.length; ++i) {
            if (values[i] != 0 || !_limitsTheGuardian(targets[i], calldatas[i])) return false;
        }
        return true;
    }

    function _limitsTheGuardian(address target, bytes memory data) private view returns (bool) {
        uint256 length = data.length;
        if (length < 4) return false;
        bytes4 selector = bytes4(data);
        if (selector == IGuardianPausable.unpause.selector) return length == 4;
        uint256 expectedLength;
        if (selector == IGuardianPausable.setGuardian.selector) {
            expectedLength = 68;
        } else if (target == address(this) && selector == IGaleonGovernor.setProposalGuardianMandate.selector) {
            expectedLength = 68;
        } else if (target == address(this) && selector == GovernorProposalGuardian.setProposalGuardian.selector) {
            expectedLength = 36;
        } else {
            return false;
        }
        if (length != expectedLength) return false;
        // The first argument, the new guardian, is the zero address: its whole word is zero.
        for (uint256 j = 4; j < 36; ++j) {
            if (data[j] != 0) return false;
        }
        return true;
    }

    /* REQUIRED OVERRIDES */

    function votingDelay() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingDelay();
    }

    function votingPeriod() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingPeriod();
    }

    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    function proposalDeadline(
        uint256 proposalId
    ) public view override(Governor, GovernorPreventLateQuorum) returns (uint256) {
        return super.proposalDeadline(proposalId);
    }

    function state(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        return super.state(proposalId);
    }

    function proposalNeedsQueuing(
        uint256 proposalId
    ) public view override(Governor, GovernorTimelockControl) returns (bool) {
        return super.proposalNeedsQueuing(proposalId);
    }

    function _tallyUpdated(uint256 proposalId) internal override(Governor, GovernorPreventLateQuorum) {
        super._tallyUpdated(proposalId);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
