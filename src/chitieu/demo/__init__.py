"""Realistic synthetic data of a province's year, calibrated to a target decision's baselines,
for demos and benchmarks (never a test oracle for the engine)."""

from chitieu.demo.generate import DemoFile, DemoSummary, generate_demo

__all__ = ["DemoFile", "DemoSummary", "generate_demo"]
