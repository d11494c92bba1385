"""check: one validation path (checks.validate): what check calls an error stops build and watch
before anything is drawn; ranges, glyph coverage, contrast.
"""
