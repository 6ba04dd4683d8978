"""Sound: the mixer that plays effects, ambience and music (silent without a sound device)."""
