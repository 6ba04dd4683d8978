"""Saves: atomic storage, the player's settings, progress and high scores."""
