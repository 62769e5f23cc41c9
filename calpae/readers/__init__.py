"""Readers: a source file (text export or PDF) into the intermediate
representation (``calpae.schemas.ir``). Nothing here knows what a convention says."""
