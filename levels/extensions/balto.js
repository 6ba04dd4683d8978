/*
 * Balto: The Serum Run - the level designer's checks inside Tiled (1.8 or newer).
 *
 * Adds "Check map (Balto)" to the Map menu (Ctrl+Shift+K), and checks every .tmx map when it
 * is saved. It runs `balto check --json -q MAP` with Tiled's Process class and lists each
 * problem in Tiled's Issues view (tiled.error for errors, tiled.warn for warnings). Clicking
 * (activating) an issue selects what it names: the object by its id (and centres the view on
 * it), else the cell of the tile layer it names, else the layer it names.
 *
 * Tiled 1.8 knows an object's class only as `type` and drops `class` when it saves. In Tiled
 * older than 1.9, a map whose objects have a class but no type gets a warning when it is
 * opened or checked; clicking it copies each class into the type, so saving keeps them. (The
 * shipped legs carry both, written by tools/legacy_type.py.)
 *
 * `balto` must be on PATH when Tiled starts (start Tiled from the shell where the game's venv
 * is active, or install the wheel); if it is not, the Issues view says so. Tiled 1.8's API has
 * no way to clear earlier issues: the Issues view's own Clear button does that.
 *
 * Everything Tiled-specific sits at the bottom, behind `typeof tiled`, so the logic can be
 * tested outside Tiled (tests/test_tiled_extension.py runs it with node and stand-ins).
 */

var BALTO_NOT_FOUND = "balto was not found on PATH. Start Tiled from a shell where the game is " +
    "installed (a venv: . .venv/bin/activate, then tiled; or pip install the wheel) and check again.";

/* The problems in `balto check --json` output: one JSON object per line; other lines skipped. */
function baltoParseProblems(stdout) {
    var out = [];
    String(stdout || "").split("\n").forEach(function (line) {
        line = line.trim();
        if (line.charAt(0) !== "{")
            return;
        try {
            var p = JSON.parse(line);
            if (p && typeof p.message === "string")
                out.push(p);
        } catch (e) {
            // not a problem line
        }
    });
    return out;
}

/* The text an issue shows: where (object, layer, tile; each only when the message does not
 * already name it), then the message and the fix. */
function baltoIssueText(p) {
    var msg = String(p.message);
    var where = [];
    var hasObject = p.object_id !== null && p.object_id !== undefined;
    if (hasObject && msg.indexOf("object " + p.object_id + " ") < 0)
        where.push("object " + p.object_id + (p.object_name ? " '" + p.object_name + "'" : ""));
    if (p.layer && msg.indexOf("layer '" + p.layer + "'") < 0)
        where.push("layer '" + p.layer + "'");
    if (!hasObject && p.tile_x !== null && p.tile_x !== undefined && p.tile_y !== null && p.tile_y !== undefined &&
            msg.indexOf("column " + p.tile_x + ", row " + p.tile_y) < 0)
        where.push("tile " + p.tile_x + "," + p.tile_y);
    var text = msg + (p.fix ? " - " + p.fix : "");
    return (where.length ? "[" + where.join(", ") + "] " : "") + text;
}

/* Every layer of a map, group layers opened up. */
function baltoLayers(container) {
    var out = [];
    for (var i = 0; i < container.layerCount; ++i) {
        var layer = container.layerAt(i);
        out.push(layer);
        if (layer.isGroupLayer)
            out = out.concat(baltoLayers(layer));
    }
    return out;
}

/* The object with this id and its layer, or null. */
function baltoFindObject(map, id) {
    var layers = baltoLayers(map);
    for (var i = 0; i < layers.length; ++i) {
        if (!layers[i].isObjectLayer)
            continue;
        var objects = layers[i].objects;
        for (var j = 0; j < objects.length; ++j)
            if (objects[j].id === id)
                return { object: objects[j], layer: layers[i] };
    }
    return null;
}

/* A rectangle for SelectedArea.set: Qt.rect inside Tiled, a plain object elsewhere. */
function baltoRect(x, y, w, h) {
    if (typeof Qt !== "undefined" && Qt.rect)
        return Qt.rect(x, y, w, h);
    return { x: x, y: y, width: w, height: h };
}

/* The layer named `name` (any kind, inside groups too), preferring one of kind `is` (e.g.
 * "isTileLayer"); null when there is none. */
function baltoLayerNamed(map, name, is) {
    var layers = baltoLayers(map), any = null;
    for (var i = 0; i < layers.length; ++i) {
        if (layers[i].name !== name)
            continue;
        if (!is || layers[i][is])
            return layers[i];
        any = any || layers[i];
    }
    return any;
}

/* What activating the issue of problem `p` does on `map` (with `view`, the map view, to centre
 * on): select the object it names, else the cell it names (on its layer when it names one),
 * else make the layer it names the current one. Returns what it selected: "object", "tile",
 * "layer" or "" (nothing to select). */
function baltoSelect(map, view, p) {
    if (p.object_id !== null && p.object_id !== undefined) {
        var found = baltoFindObject(map, p.object_id);
        if (found) {
            map.currentLayer = found.layer;
            map.selectedObjects = [found.object];
            if (view)
                view.centerOn(found.object.x, found.object.y);
            return "object";
        }
    }
    var layer = p.layer ? baltoLayerNamed(map, p.layer, "isTileLayer") : null;
    if (p.tile_x !== null && p.tile_x !== undefined && p.tile_y !== null && p.tile_y !== undefined) {
        if (layer)
            map.currentLayer = layer;
        map.selectedArea.set(baltoRect(p.tile_x, p.tile_y, 1, 1));
        if (view)
            view.centerOn((p.tile_x + 0.5) * map.tileWidth, (p.tile_y + 0.5) * map.tileHeight);
        return "tile";
    }
    if (layer) {
        map.currentLayer = layer;
        return "layer";
    }
    return "";
}

/* True for a Tiled older than 1.9 ("1.8.2"): it knows an object's class only as `type`. */
function baltoOldTiled(version) {
    var v = String(version || "").split(".");
    var major = parseInt(v[0], 10), minor = parseInt(v[1], 10);
    return !isNaN(major) && (major < 1 || (major === 1 && !isNaN(minor) && minor < 9));
}

/* The objects of a map file (its text) that have a `class` but no `type`: [{id, cls}]. Tiled
 * 1.8 shows them without a class and, when it saves the map, drops the class. */
function baltoClassOnly(text) {
    var out = [];
    var tags = String(text || "").match(/<object\b[^>]*>/g) || [];
    tags.forEach(function (tag) {
        var cls = / class="([^"]*)"/.exec(tag), id = / id="(\d+)"/.exec(tag);
        if (cls && cls[1] && id && !/ type="/.test(tag))
            out.push({ id: parseInt(id[1], 10), cls: cls[1] });
    });
    return out;
}

/* The text of a file: Tiled's TextFile inside Tiled; "" when it cannot be read. */
function baltoReadText(path) {
    try {
        var f = new TextFile(path, TextFile.ReadOnly);
        var text = f.readAll();
        f.close();
        return text;
    } catch (e) {
        return "";
    }
}

/* In a Tiled older than 1.9, warn (once per map and check) when the map's objects keep their
 * class only in `class`, which that Tiled drops on save. Activating the warning copies each
 * class into the object's type (undoable), after which saving keeps them. Returns how many. */
function baltoWarnOldTiled(map, report, version) {
    if (!baltoOldTiled(version) || !map.fileName)
        return 0;
    var only = baltoClassOnly(baltoReadText(map.fileName));
    if (!only.length)
        return 0;
    var ids = only.slice(0, 8).map(function (o) { return o.id; }).join(", ") + (only.length > 8 ? ", ..." : "");
    report.warn("Tiled " + version + " drops an object's class when it saves; " + only.length + " object" +
        (only.length === 1 ? " of this map (" + ids + ") has" : "s of this map (" + ids + ") have") +
        " a class but no type, so saving here " +
        "would lose their class - click here to copy each class into its type before saving, or use Tiled 1.9+",
        function () {
            only.forEach(function (o) {
                var found = baltoFindObject(map, o.id);
                if (found && !found.object.type)
                    found.object.type = o.cls;
            });
        });
    return only.length;
}

/* Run the check on `map` and report each problem through `report` ({error, warn, log}, which
 * inside Tiled are tiled.error, tiled.warn and tiled.log), each with its select callback.
 * `makeProcess` gives a new Process; `view()` the current map view. Returns the problems. */
function baltoCheck(map, report, makeProcess, view) {
    var file = map.fileName;
    if (!file || !/\.tmx$/i.test(file)) {
        report.log("Balto: save the map as a .tmx file to check it");
        return [];
    }
    var proc = makeProcess();
    var code = proc.exec("balto", ["check", "--json", "-q", file], false);
    var stdout = code === -1 ? "" : proc.readStdOut();
    var stderr = code === -1 ? "" : proc.readStdErr();
    proc.close();
    if (code === -1) {
        report.error(BALTO_NOT_FOUND, function () {});
        return [];
    }
    var problems = baltoParseProblems(stdout);
    if (typeof tiled !== "undefined")
        baltoWarnOldTiled(map, report, tiled.version);
    problems.forEach(function (p) {
        var say = p.severity === "warning" ? report.warn : report.error;
        say(baltoIssueText(p), function () { baltoSelect(map, view(), p); });
    });
    if (code > 2 || (code !== 0 && !problems.length))
        report.error("balto check stopped (exit " + code + "): " + stderr.trim(), function () {});
    report.log("Balto: " + problems.length + " problem" + (problems.length === 1 ? "" : "s") + " in " + file);
    return problems;
}

if (typeof tiled !== "undefined") {
    var baltoReport = {
        error: function (text, activated) { tiled.error(text, activated); },
        warn: function (text, activated) { tiled.warn(text, activated); },
        log: function (text) { tiled.log(text); }
    };
    var baltoView = function () { return tiled.mapEditor ? tiled.mapEditor.currentMapView : null; };
    var baltoProcess = function () { return new Process(); };
    var baltoAction = tiled.registerAction("BaltoCheckMap", function () {
        var asset = tiled.activeAsset;
        if (asset && asset.isTileMap)
            baltoCheck(asset, baltoReport, baltoProcess, baltoView);
        else
            tiled.log("Balto: open a map to check it");
    });
    baltoAction.text = "Check map (Balto)";
    baltoAction.shortcut = "Ctrl+Shift+K";
    tiled.extendMenu("Map", [{ separator: true }, { action: "BaltoCheckMap" }]);
    var baltoWarned = {};  // the maps already warned about when opened
    tiled.activeAssetChanged.connect(function (asset) {
        if (asset && asset.isTileMap && /\.tmx$/i.test(asset.fileName || "") && !baltoWarned[asset.fileName]) {
            baltoWarned[asset.fileName] = true;
            baltoWarnOldTiled(asset, baltoReport, tiled.version);
        }
    });
    tiled.assetSaved.connect(function (asset) {
        if (asset && asset.isTileMap && /\.tmx$/i.test(asset.fileName))
            baltoCheck(asset, baltoReport, baltoProcess, baltoView);
    });
}
