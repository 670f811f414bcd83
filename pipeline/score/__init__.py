"""The trained claim classifier: a small head on a frozen MiniLM encoder that types candidate claims.

``encoder`` loads the frozen encoder and pools subject, object and cue spans; ``head`` defines the
trainable head and its label sets; ``calibrate`` fits a temperature and measures calibration;
``model`` loads the committed head (checked against its manifest) and predicts in batches;
``rescore`` applies the predictions to candidates (confidence, veto, retype); ``train`` trains the
head on precomputed features and writes the artefacts. Imports records, errors, torch and
transformers; never spaCy and never a stage: candidates come in as records through ``run.py``.
"""
