"""Tests of pdf."""
