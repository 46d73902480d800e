"""What a coordinator reviews after merging: conflicts and possible duplicates."""
