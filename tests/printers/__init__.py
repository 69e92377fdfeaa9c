"""Tests of the printers package: layout, ESC/POS bytes, connections, status, CLI."""
