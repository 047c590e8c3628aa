"""Tests of the readers: every file format to the same rows, with exact positions."""
