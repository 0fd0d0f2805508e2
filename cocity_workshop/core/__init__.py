"""The domain core: workshop data, rules, tallies and the action log. Pure Python, no I/O."""
