"""What decides a CI run: which files to audit (changed since a git ref) and which
findings count (those not already in a baseline)."""
