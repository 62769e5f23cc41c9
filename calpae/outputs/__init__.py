"""What comes out of the warehouse besides SQL: query results in a format,
exports of the analyst relations, the evidence of one fact."""
