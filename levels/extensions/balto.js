/*
 * Balto: The Serum Run - the level designer's checks inside Tiled (1.8 or newer).
 *
 * Adds "Check map (Balto)" to the Map menu (Ctrl+Shift+K), and checks every .tmx map when it
 * is saved. It runs `balto check --json -q MAP` with Tiled's Process class and lists each
 * problem in Tiled's Issues view (tiled.error for errors, tiled.warn for warnings). Clicking
 * (activating) an issue selects what it names: the object by its id (and centres the view on
 * it), else the cell of the tile layer it names.
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

/* The text an issue shows: the message, the fix, and where (object, layer, tile). */
function baltoIssueText(p) {
    var where = [];
    if (p.object_id !== null && p.object_id !== undefined)
        where.push("object " + p.object_id + (p.object_name ? " '" + p.object_name + "'" : ""));
    if (p.layer)
        where.push("layer '" + p.layer + "'");
    if (p.tile_x !== null && p.tile_x !== undefined && p.tile_y !== null && p.tile_y !== undefined)
        where.push("tile " + p.tile_x + "," + p.tile_y);
    var text = p.message + (p.fix ? " - " + p.fix : "");
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

/* What activating the issue of problem `p` does on `map` (with `view`, the map view, to centre
 * on): select the object it names, else the cell it names (on its layer when it names one).
 * Returns what it selected: "object", "tile" or "" (nothing to select). */
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
    if (p.tile_x !== null && p.tile_x !== undefined && p.tile_y !== null && p.tile_y !== undefined) {
        if (p.layer) {
            var layers = baltoLayers(map);
            for (var i = 0; i < layers.length; ++i)
                if (layers[i].name === p.layer && layers[i].isTileLayer)
                    map.currentLayer = layers[i];
        }
        map.selectedArea.set(baltoRect(p.tile_x, p.tile_y, 1, 1));
        if (view)
            view.centerOn((p.tile_x + 0.5) * map.tileWidth, (p.tile_y + 0.5) * map.tileHeight);
        return "tile";
    }
    return "";
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
    tiled.assetSaved.connect(function (asset) {
        if (asset && asset.isTileMap && /\.tmx$/i.test(asset.fileName))
            baltoCheck(asset, baltoReport, baltoProcess, baltoView);
    });
}
