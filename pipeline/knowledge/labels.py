"""The spaCy entity labels the stages sort mentions by: one place-label set, and the named
compositions of it each use needs.

Labels are the parser's grammar (OntoNotes names), not world knowledge, so they are constants
here rather than a data file; what matters is that each fact is written once. A leaf: imports
nothing.
"""

from __future__ import annotations

# Named places: states, cities, regions ("in Libya", "Idlib").
PLACE_LABELS = frozenset({"GPE", "LOC"})
# Where something happens or stands: places and facilities ("at Ben Gurion airport").
SITE_LABELS = PLACE_LABELS | {"FAC"}
# Words that name a place or its people ("Russia", "Russian"): never a person's name.
HOMELAND_LABELS = SITE_LABELS | {"NORP"}
# Dates and times of day: what a claim's time is read from.
TIME_LABELS = frozenset({"DATE", "TIME"})
# Amounts and numbers: they name no actor and no target ("$30 billion", "55 percent", "three").
VALUE_LABELS = TIME_LABELS | {"MONEY", "QUANTITY", "CARDINAL", "ORDINAL", "PERCENT"}
# Labels of mentions that can act: people, organizations, and sites and peoples standing for states.
ACTOR_LABELS = HOMELAND_LABELS | {"PERSON", "ORG"}
