"""Tests of rtech.filing: documents, fonts, rendering, keys, signing, verification."""
