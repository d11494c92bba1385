"""commands: what the CLI runs (build, watch, preview, diff, figures, pull, schema) and the output
folder they write (outputs, guard, pristine).
"""
