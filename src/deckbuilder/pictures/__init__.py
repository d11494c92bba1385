"""pictures: charts drawn by matplotlib in a worker (chart_files, draw_mpl), raster pictures
prepared for the writers (images), SVGs drawn as vectors and PNG (svg), and PNG previews
(preview).
"""
