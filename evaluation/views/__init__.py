"""Portal pages of the green-park evaluation, one module per resource: the evaluations
(list, page and form), saving their values, the workflow, the ranking and a park's history.

Reads go through evaluation.selectors and parks.selectors, writes through evaluation.services,
and scores come from evaluation.scoring: these views only turn them into pages. A refusal by
role is a 403; a rule that is not met, a message on the page.
"""
