"""pictures: charts drawn by matplotlib in a worker (chart_files, draw_mpl), picture files checked
and prepared (images, svg), and PNG previews (preview).
"""
