"""Green-park evaluation API v1, one module per resource: the indicator catalogue, the
evaluations and their workflow, the figures a park enters, the city ranking and a park's
history. Reads go through selectors, writes through services; the score is computed by
evaluation.scoring."""
