"""web: the web edition, one accessible HTML page from the scenes (render.render_html), the layout
set's tokens as CSS.
"""
