"""Extract: from a parsed ``Doc`` to candidate claims (relations, coreference, attribution, typing).

Owns reading the dependency parse. Imports records and the ontology helper; never another stage
(actor, time and place values are normalize's job: this stage hands over spans).
"""
