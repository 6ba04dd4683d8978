"""The logical screen every screen draws on (the window scales it)."""

W, H = 640, 360
