"""source: the reviewed files read. YAML (yamlsrc, yamlscan), the typed model (loader → model), the
layout set (layoutset), figures as printed (formatting, figvalue), which figures a slide shows
(figrefs), picture files found and checked (picture_files, svg_files), and scalar edits written
back (yamledit). Entry point: loader.load_deck.
"""
