"""Actions: their mentions (refs, titles, sections), the national measure each
serves, and which action each amount and indicator value belongs to."""
