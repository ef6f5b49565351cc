"""The sample's page in Debian's real headless Chromium: the network draws, and a <script> label does not run."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from data import SAMPLE
from kg.project import load_graph, project
from kg.viz import write_viz
from netdata import SCRIPT_LABEL

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason="no /usr/bin/chromium: run scripts/install-system.sh (CI installs it)")


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    """Run headless Chromium with the test flags and a fresh profile."""
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--no-first-run", f"--user-data-dir={profile}", "--window-size=1200,800",
               "--virtual-time-budget=60000", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory) -> tuple[Path, int]:
    """The sample built by the real pipeline, drawn with one entity's label replaced by a <script>."""
    from kg.build import build
    from kg.config import Settings

    tmp = tmp_path_factory.mktemp("browser")
    build([SAMPLE], tmp / "out", settings=Settings())
    rdf = load_graph(tmp / "out")
    graph = project(rdf, min_degree=1)
    assert graph.number_of_nodes() > 0, "the sample has no relation to draw"
    victim = sorted(graph, key=lambda n: -graph.degree(n))[0]
    for prop in (SKOS.prefLabel,):
        rdf.remove((URIRef(victim), prop, None))
        rdf.add((URIRef(victim), prop, Literal(SCRIPT_LABEL, lang="en")))
        rdf.add((URIRef(victim), prop, Literal(SCRIPT_LABEL, lang="zh")))
    graph = project(rdf, min_degree=1)
    page = tmp / "sample.html"
    write_viz(graph, page)
    return page, graph.number_of_nodes()


def test_network_draws_and_script_label_does_not_run(sample_page, tmp_path):
    page, count = sample_page
    # On a loaded machine headless Chromium sometimes dumps the page before its first frame: up to three tries.
    for _ in range(3):
        result = chromium(tmp_path, "--dump-dom", page.as_uri())
        dom = result.stdout
        if re.search(r'<body[^>]*data-drawn-ms="\d+"', dom):
            break
    assert "<body" in dom, result.stderr[-2000:]
    assert re.search(r'<body[^>]*data-drawn-ms="\d+"', dom), "vis-network never drew"
    assert "<canvas" in dom
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', dom, re.S).group(1))
    assert len(data["nodes"]) == count
    assert SCRIPT_LABEL in {n["label_en"] for n in data["nodes"]}
    assert not re.search(r"<body[^>]*data-pwned", dom), "the injected script ran"
    assert "PWNED" not in re.search(r"<title>(.*?)</title>", dom, re.S).group(1)


def test_screenshot_is_not_blank(sample_page, tmp_path):
    import matplotlib.image
    import numpy as np

    page, _ = sample_page
    shot = tmp_path / "shot.png"
    result = chromium(tmp_path, f"--screenshot={shot}", page.as_uri())
    assert shot.exists(), result.stderr[-2000:]
    pixels = matplotlib.image.imread(shot)
    network = pixels[:, 300:, :3]  # right of the side panel: the canvas
    colours = np.unique((network * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colours) > 20, f"only {len(colours)} colours: the network did not draw"
    non_white = (network < 0.95).any(axis=2).mean()
    assert non_white > 0.005
