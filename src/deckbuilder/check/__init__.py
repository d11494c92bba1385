"""check: one validation path (validate.validate): what check calls an error stops build and
watch before anything is drawn. By concern: content (slots, titles, alt text), figures (unused,
stale, future) and dates, ranges, glyphs (coverage), contrast (WCAG) and geometry.
"""
