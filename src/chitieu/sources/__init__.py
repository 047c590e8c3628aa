"""Importing facts from the files offices send: reading, validating and storing them."""
