"""Screening coded discharge records for restricted-technology cases (rtech screen)."""
