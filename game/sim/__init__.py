"""Pure numpy/scipy models behind the labs. Nothing here imports pygame."""
