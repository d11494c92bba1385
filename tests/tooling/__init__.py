"""Tests of tooling."""
