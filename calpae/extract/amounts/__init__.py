"""Amounts: euros in tables and sentences, who pays, which year, what kind of
money, what they cover, and the checks of their sums."""
