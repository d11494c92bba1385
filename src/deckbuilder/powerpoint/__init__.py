"""powerpoint: the PPTX from the scenes (render.render_pptx) on the layout set's master, written as
XML into a package of our own; read.read takes an edited PPTX back for pull.
"""
