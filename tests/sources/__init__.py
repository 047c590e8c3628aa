"""Tests of importing facts."""
