"""Table models over the session's data: column constants, roles, ``set_rows`` resets, ``dataChanged`` updates."""

from cocity_workshop.gui.models.actions import ActionsTableModel
from cocity_workshop.gui.models.clusters import ClustersTableModel
from cocity_workshop.gui.models.ideas import IdeasTableModel, PublicIdeasProxy
from cocity_workshop.gui.models.names import NamesTableModel
from cocity_workshop.gui.models.outbox import OutboxTableModel
from cocity_workshop.gui.models.phases import PhasesTableModel
from cocity_workshop.gui.models.rounds import RoundsTableModel
from cocity_workshop.gui.models.tally import TallyTableModel

__all__ = [
    "ActionsTableModel",
    "ClustersTableModel",
    "IdeasTableModel",
    "NamesTableModel",
    "OutboxTableModel",
    "PhasesTableModel",
    "PublicIdeasProxy",
    "RoundsTableModel",
    "TallyTableModel",
]
