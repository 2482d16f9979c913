"""Reconciliation: claims grouped into facts, positions, explanations and checks."""

from hengyang_kg.reconcile.pipeline import reconcile

__all__ = ["reconcile"]
