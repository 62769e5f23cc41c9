"""What a document is: its type and title, départements, segments, period,
dates and people; whether it is about the convention at all."""
