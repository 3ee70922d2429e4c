"""Reprints: finding every copy of the same text, and what each copy changed."""

from .grouping import ReprintIndex, build_index, find_reprint_groups, verified_pairs
from .lineage import CopyLineage, ParagraphEdit, compare_copies, group_lineage
from .verify import PairEvidence, is_reprint, measure

__all__ = [
    "CopyLineage",
    "PairEvidence",
    "ParagraphEdit",
    "ReprintIndex",
    "build_index",
    "compare_copies",
    "find_reprint_groups",
    "group_lineage",
    "is_reprint",
    "measure",
    "verified_pairs",
]
