"""The Tiled adapter, in three steps (the public entry points are in `game.tiled.level`):

1. `prescan` refuses a hostile or unusable file before any parser or pytmx sees it: size,
   UTF-8, DOCTYPE/ENTITY, `.tmj`, infinite maps, layer encodings (zstd, XML tiles),
   decompression bombs, map and layer sizes, paths leaving the project, tileset image sizes
   (pytmx loops over every tile of the image), and every value pytmx would choke on.
2. `xmlpass` reads what pytmx ignores or gets wrong: templates, document layer order, group
   layers, parallax, hidden layers and objects, `class` vs `type`. No pytmx.
3. `adapter` (the only module that imports pytmx) loads the map with `pytmx.TiledMap` (data
   only) and builds the `Level` from pytmx's core with the two passes' corrections on top.
"""
