"""Edges that read and write files: input readers and export writers."""

from .readers import ReadReport, read_inputs
from .writers import write_records

__all__ = ["ReadReport", "read_inputs", "write_records"]
