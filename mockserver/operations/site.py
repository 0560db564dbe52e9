"""site service operations: one function per operation."""

from __future__ import annotations
