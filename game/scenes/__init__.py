"""One screen each: menu, campaign map, play, results, sandbox picker, settings, error card."""
