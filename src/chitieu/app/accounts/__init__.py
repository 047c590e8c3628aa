"""Accounts: who may sign in, in which role, over which part of the unit tree."""
