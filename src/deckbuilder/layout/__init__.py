"""layout: one SlideScene per slide from the model and the layout set (compose.layout_deck);
blocks/ holds one module per block kind, tokens the schema of the layout sets' components, charts
the chart scenes.
"""
