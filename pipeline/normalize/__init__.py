"""Normalize: actors to registry ids, times to ISO values, places to GeoNames; candidates to ``Claim`` records."""
