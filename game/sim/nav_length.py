"""The flow field's lengths: pixels to the finish along each cell's chain of `next` links.

A length is the parent's length plus the step to it, added from the finish outward:
length[j] = length[next[j]] + d * tile (d 1 or sqrt 2), 0 on a finish cell (cost 0), inf where
no way leads. That is the sum the heap Dijkstra (`nav_heap`) makes as it relaxes each cell from
its parent, so both ways below give its lengths bit for bit. They are derived from `next` (and
`cost`, whose 0 tells a finish from a dead end) when first asked for: a run reads the length
under the team only (the HUD's miles, its progress), so a new field costs its costs and links;
the whole table (an RL env's `Way`) is built once, when it is read.

- `walk_length`: one cell's length, by walking its chain to a known cell and adding back,
  each cell on the way kept in a memo (later asks from nearby cells stop after a step or two).
- `tree_lengths`: every cell's, by a Dijkstra over the tree of links in C (scipy), directed
  from each parent to its children, which sets each length once from its parent's final one.
"""
from __future__ import annotations

import math
import sys

import numpy as np

DIAG = math.sqrt(2.0)  # a diagonal step, in cells (the flow field's moves and lengths)
NO_LIMIT = sys.float_info.max  # finite: scipy then never queues a cell that only inf edges reach


def step_lengths(kid: np.ndarray, parent: np.ndarray, width: int, tile: int) -> np.ndarray:
    """The px from each cell to its parent: tile straight, sqrt 2 * tile diagonally."""
    diag = (kid % width != parent % width) & (kid // width != parent // width)
    out: np.ndarray = np.where(diag, DIAG * float(tile), float(tile))
    return out


def walk_length(nxt: np.ndarray, cost: np.ndarray, width: int, tile: int, i: int,
                memo: dict[int, float]) -> float:
    """The length of cell i, from its chain of links (bounded by the map's cells), keeping it
    and every cell's on the way in `memo`."""
    got = memo.get(i)
    if got is not None:
        return got
    chain: list[int] = []
    j = i
    known = math.inf
    for _ in range(len(nxt) + 1):
        got = memo.get(j)
        if got is not None:
            known = got
            break
        k = int(nxt[j])
        if k < 0:
            known = 0.0 if cost.flat[j] == 0.0 else math.inf
            memo[j] = known
            break
        chain.append(j)
        j = k
    else:  # a loop: never in a built field; its cells lead nowhere
        for c in chain:
            memo[c] = math.inf
        return math.inf
    straight, diag = float(tile), DIAG * float(tile)
    length = known
    for c in reversed(chain):  # from the finish outward: the heap's additions, in its order
        p = int(nxt[c])
        length = length + (diag if c % width != p % width and c // width != p // width
                           else straight)
        memo[c] = length
    return memo[i]


def tree_lengths(nxt: np.ndarray, cost: np.ndarray, width: int, height: int,
                 tile: int) -> np.ndarray:
    """Every cell's length, as an array of the map's shape (see the module's docstring). The
    leaves (a fifth to two fifths of the cells) stay out of the Dijkstra's heap (their edges
    inf, which its finite limit never takes) and get the same one addition afterwards."""
    from scipy.sparse import csr_matrix  # loaded by build_nav already (start-up time)
    from scipy.sparse.csgraph import dijkstra

    n = width * height
    flat_next = nxt.ravel()
    has = flat_next >= 0
    kid = np.flatnonzero(has).astype(np.int32)
    parent = flat_next[kid].astype(np.int32)
    steps = step_lengths(kid, parent, width, tile)
    indptr = np.empty(n + 1, dtype=np.int32)
    indptr[0] = 0
    np.cumsum(has, out=indptr[1:])  # row j holds j's one link, to its next, and the
    # transpose (a counting sort in C) holds each parent's links to its children.
    down = csr_matrix((steps, parent, indptr), shape=(n, n)).T.tocsr()
    leaf = np.diff(down.indptr) == 0
    down.data[leaf[down.indices]] = math.inf
    seeds = np.flatnonzero(cost.ravel() == 0.0)
    if not len(seeds):
        return np.full((height, width), math.inf)
    out = np.asarray(dijkstra(down, directed=True, indices=seeds, min_only=True, limit=NO_LIMIT),
                     dtype=np.float64)
    del down
    out[kid] = out[parent] + steps  # the leaves; every other cell gets its same sum again
    return out.reshape(height, width)
