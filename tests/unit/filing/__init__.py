"""Tests of core.filing: documents, fonts, rendering, keys, signing, verification."""
