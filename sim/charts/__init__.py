"""Charts: pure functions returning matplotlib Figures (matplotlib is imported only here)."""
