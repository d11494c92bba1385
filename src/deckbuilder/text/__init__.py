"""text: fonts (fonts, font_subset, cff_subset) and setting text in them: styles (style),
measuring and line breaking (linebreak, lang_spans: English phrases and URLs) and fitting text
to its slot (textfit).
"""
