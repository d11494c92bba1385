"""text: fonts (fonts, font_subset, cff_subset) and setting text in them: measuring and line
breaking (linebreak, spans) and fitting text to its slot (textfit).
"""
