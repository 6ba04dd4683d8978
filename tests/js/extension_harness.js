// Runs levels/extensions/balto.js under node with stand-ins for Tiled 1.8's API: a map with
// object and tile layers, a Process that really runs `balto` (child_process), and tiled.error /
// tiled.warn that keep each issue with its callback. Activates every issue and prints, as JSON,
// what the Issues view would list and what each activation selected.
// Usage: node extension_harness.js EXTENSION.js MAP.tmx OBJECTS_JSON [TILED_VERSION]
// (the version tiled.version says, default 1.10.2; with 1.8.x the old-Tiled warning applies).
"use strict";
const fs = require("fs");
const vm = require("vm");
const childProcess = require("child_process");

const [extension, mapFile, objectsJson, version = "1.10.2"] = process.argv.slice(2);

class Process {
    exec(file, args) {
        const r = childProcess.spawnSync(file, args, { encoding: "utf8" });
        if (r.error) return -1;
        this.out = r.stdout; this.err = r.stderr;
        return r.status;
    }
    readStdOut() { return this.out; }
    readStdErr() { return this.err; }
    close() {}
}

class TextFile {
    constructor(path) { this.text = fs.readFileSync(path, "utf8"); }
    readAll() { return this.text; }
    close() {}
}
TextFile.ReadOnly = 1;

function layer(name, props) { return Object.assign({ name, isGroupLayer: false, isObjectLayer: false, isTileLayer: false }, props); }
const objects = JSON.parse(objectsJson).map(o => ({ id: o.id, name: o.name, x: o.x, y: o.y, type: o.type || "" }));
const objectLayer = layer("objects", { isObjectLayer: true, objects });
const ground = layer("ground", { isTileLayer: true });
const overflow = layer("overflow patches", { isTileLayer: true });
const group = layer("decor", { isGroupLayer: true, layerCount: 1, layerAt: () => objectLayer });
const map = {
    fileName: mapFile, isTileMap: true, tileWidth: 16, tileHeight: 16,
    layerCount: 3, layerAt: i => [ground, overflow, group][i],
    currentLayer: null, selectedObjects: [],
    selectedArea: { rect: null, set(r) { this.rect = r; } },
};
const centred = [];
const view = { centerOn: (x, y) => centred.push([x, y]) };
const issues = [];
const logs = [];
const registered = {};
const tiled = {
    version, activeAsset: map,
    mapEditor: { currentMapView: view },
    error: (text, cb) => issues.push({ kind: "error", text, cb }),
    warn: (text, cb) => issues.push({ kind: "warning", text, cb }),
    log: text => logs.push(text),
    registerAction: (id, cb) => (registered[id] = { id, cb }),
    extendMenu: (menu, items) => (registered.menu = { menu, items }),
    assetSaved: { connect: cb => (registered.onSave = cb) },
    activeAssetChanged: { connect: cb => (registered.onOpen = cb) },
};
const context = vm.createContext({ tiled, Process, TextFile, JSON, String, console });
vm.runInContext(fs.readFileSync(extension, "utf8"), context, { filename: extension });

registered.onOpen(map);  // the map opens
registered.onOpen(map);  // and is made current again: warned once
const onOpen = issues.splice(0).map(issue => ({ kind: issue.kind, text: issue.text, cb: issue.cb }));
const action = registered.BaltoCheckMap;
action.cb(action);  // the menu's Check map
const fromMenu = issues.length;
registered.onSave(map);  // saving the map checks it again
const results = issues.slice(0, fromMenu).map(issue => {
    map.currentLayer = null; map.selectedObjects = []; map.selectedArea.rect = null; centred.length = 0;
    issue.cb();
    return {
        kind: issue.kind, text: issue.text,
        layer: map.currentLayer ? map.currentLayer.name : null,
        selected: map.selectedObjects.map(o => o.id),
        area: map.selectedArea.rect, centred: centred.slice(),
    };
});
const opened = onOpen.map(issue => { issue.cb(); return { kind: issue.kind, text: issue.text }; });
console.log(JSON.stringify({
    on_open: opened, types: objects.map(o => [o.id, o.type]),
    action: { text: action.text, shortcut: action.shortcut }, menu: registered.menu.menu,
    issues: results, on_save: issues.length - fromMenu, logs,
}));
