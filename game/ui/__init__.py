"""Widgets, theme, fonts, translations and plot helpers shared by every scene."""
