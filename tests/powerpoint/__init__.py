"""Tests of powerpoint."""
