"""The command line: every operation that is not inherently visual, without a screen."""
