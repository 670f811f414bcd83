"""Parse: load the spaCy pipeline once and parse articles in batches.

Owns spaCy composition (the model plus claimgraph's own components, registered in
``pipeline.nlp.components``). Imports records and errors; the extractor is reached only through
its registered spaCy factory.
"""
