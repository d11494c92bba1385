"""pdf: the tagged PDF/UA-1 document from the scenes (render.render_pdf): pages, fonts, pictures,
the structure tree and the document.
"""
