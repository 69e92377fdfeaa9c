"""Tests of the bench scripts that give a verdict: the reliability drill."""
