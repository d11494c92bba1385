"""Marked content for a slide's page: which drawn pieces are content (with an MCID) and which are
page furniture (artifacts).

A pure function of the scene, so a page drawn in a worker (or taken from the cache) and the
structure tree built later in the main process always agree on every MCID.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from deckbuilder.scene import ChartBox, Picture, SlideScene, TextBox

# Text that is page furniture: printed on every slide, read by no one.
FURNITURE = {"breadcrumb": b"/Header", "pagination": b"/Footer"}


@dataclass
class McidPlan:
    """MCIDs in drawing order: every chart's marks (drawn below the text, its labels included),
    every non-empty text run, every picture that is not decorative (pictures are painted last,
    in the assembly)."""

    runs: dict[tuple[int, int, int], int] = field(default_factory=dict)  # (leaf, line, run)
    charts: dict[int, int] = field(default_factory=dict)  # leaf index -> MCID
    pictures: dict[int, int] = field(default_factory=dict)  # leaf index -> MCID
    count: int = 0

    def take(self) -> int:
        self.count += 1
        return self.count - 1


def plan(scene: SlideScene) -> McidPlan:
    mcids = McidPlan()
    leaves = scene.elements
    for i, el in enumerate(leaves):
        if isinstance(el, ChartBox):
            mcids.charts[i] = mcids.take()
    for i, el in enumerate(leaves):
        if isinstance(el, TextBox) and el.role not in FURNITURE:
            for n, line in enumerate(el.lines):
                for k, run in enumerate(line.runs):
                    if run.text:
                        mcids.runs[(i, n, k)] = mcids.take()
    for i, el in enumerate(leaves):
        if isinstance(el, Picture) and not el.decorative:
            mcids.pictures[i] = mcids.take()
    return mcids


def open_span(mcid: int) -> bytes:
    return b"/Span <</MCID %d>> BDC" % mcid


def open_figure(mcid: int) -> bytes:
    return b"/Figure <</MCID %d>> BDC" % mcid


def open_furniture(role: str) -> bytes:
    return b"/Artifact <</Type /Pagination /Subtype %s>> BDC" % FURNITURE[role]


OPEN_ARTIFACT = b"/Artifact BMC"
CLOSE = b"EMC"
