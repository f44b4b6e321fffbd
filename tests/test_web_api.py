"""The seminar page's API beyond the basics: uploads, payoff tables with best responses,
numbered equilibria, conflicts by concept and convention, backward induction step by step,
robustness on demand and exercises with answer checking (Starlette's TestClient, in-process)."""

from __future__ import annotations

import itertools
import re
from fractions import Fraction

import pytest
from starlette.testclient import TestClient

from sim import bundled, contract
from sim.web.app import create_app
from sim.web.store import MAX_UPLOAD_BYTES, MAX_UPLOADS, Analyses


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app())


def analyse(client, name, *sets, opts=(), copts=()):
    params = [("scenario", name), *(("set", s) for s in sets)]
    params += [("opt", o) for o in opts] + [("copt", o) for o in copts]
    response = client.get("/api/analyse", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def cells(view):
    return [c for t in view["tables"] for row in t["rows"] for c in row]


# -- payoff tables and equilibria ----------------------------------------------------------


def brute_best(game, prof, i):
    u = game.exact
    return all(
        u[prof + (i,)] >= u[prof[:i] + (k,) + prof[i + 1 :] + (i,)] for k in range(game.shape[i])
    )


@pytest.mark.parametrize("name", ["freeze_for_freeze", "summit_coordination"])
def test_best_responses_are_marked_cell_by_cell(client, name):
    data = analyse(client, name)
    result = contract.analyse(bundled.load(name))
    game = result.game
    view = data["payoffs"]
    # one table per choice of the third player (none for two players)
    assert len(view["tables"]) == (game.shape[2] if game.n_players == 3 else 1)
    seen = 0
    for prof in itertools.product(*(range(k) for k in game.shape)):
        cell = next(c for c in cells(view) if c["profile"] == game.profile_label(prof))
        assert cell["best"] == [brute_best(game, prof, i) for i in range(game.n_players)]
        seen += 1
        if all(cell["best"]):
            assert cell["equilibrium"] is not None
    assert seen == game.n_profiles


def test_equilibria_are_numbered_as_negsim_run_numbers_them(client):
    for value in ("2.9", "3.1"):
        data = analyse(client, "freeze_for_freeze", f"drill_value={value}")
        text = data["text"]
        for eq in data["equilibria"]:
            kind = "pure" if eq["pure"] else "mixed"
            head = f"#{eq['number']} ({kind})" + (f": {eq['label']}" if eq["pure"] else "")
            assert head in text
            for p in eq["players"]:
                assert f"{p['player']}" in text and p["plays"] in text
        marked = {
            c["equilibrium"]: c["profile"] for c in cells(data["payoffs"]) if c["equilibrium"]
        }
        for eq in data["equilibria"]:
            if eq["pure"]:
                assert marked[eq["number"]] == eq["label"]


def test_crossing_the_drill_threshold_moves_the_best_response_marks(client):
    below = analyse(client, "freeze_for_freeze", "drill_value=2.9")["payoffs"]
    above = analyse(client, "freeze_for_freeze", "drill_value=3.1")["payoffs"]
    cell = {c["profile"]: c for c in cells(below)}
    cell_above = {c["profile"]: c for c in cells(above)}
    # below 3 suspending is the US's best answer to a freeze; above 3 pressing is
    assert cell["suspend, freeze"]["best"][0] and not cell["pressure, freeze"]["best"][0]
    assert (
        cell_above["pressure, freeze"]["best"][0] and not cell_above["suspend, freeze"]["best"][0]
    )
    assert (
        cell["suspend, freeze"]["equilibrium"] and not cell_above["suspend, freeze"]["equilibrium"]
    )


# -- conflicts -----------------------------------------------------------------------------


def test_a_conflict_by_concept_and_convention(client):
    scenario = bundled.load("classics/elmira")
    result = contract.analyse(scenario)
    for concept in ("nash", "gmr", "seq"):
        view = analyse(client, "classics/elmira", copts=[f"concept={concept}"])["conflict"]
        assert view["concept"] == concept
        assert [e["number"] for e in view["equilibria"]] == result.equilibria(concept)
        stable = [s["number"] for s in view["states"] if s["equilibrium"]]
        assert stable == result.equilibria(concept)
        for s in view["states"]:
            assert s["stable"] == [
                bool(result.stability.stable[concept][i, s["number"] - 1]) for i in range(3)
            ]
    nash = analyse(client, "classics/elmira", copts=["concept=nash"])["conflict"]
    gmr = analyse(client, "classics/elmira", copts=["concept=gmr"])["conflict"]
    assert set(e["number"] for e in nash["equilibria"]) < set(
        e["number"] for e in gmr["equilibria"]
    )
    single = analyse(client, "classics/elmira", opts=["convention=single"], copts=["concept=gmr"])
    expected = contract.analyse(scenario, convention="single")
    assert single["conflict"]["convention"] == "single"
    assert single["conflict"]["by_concept"] == {
        x: expected.equilibria(x) for x in expected.stability.concepts
    }
    chart = client.get(
        "/api/chart.svg",
        params=[
            ("scenario", "classics/elmira"),
            ("copt", "concept=gmr"),
            ("opt", "convention=single"),
        ],
    )
    assert chart.status_code == 200 and b"<svg" in chart.content[:1000]


@pytest.mark.parametrize(
    ("params", "status", "needle"),
    [
        ([("opt", "convention=sometimes")], 400, "use one of sequence, unrestricted, single"),
        ([("copt", "concept=best")], 400, "use one of nash"),
        ([("opt", "convention")], 400, "write opt=NAME=VALUE"),
    ],
)
def test_bad_conflict_settings_are_located(client, params, status, needle):
    response = client.get("/api/analyse", params=[("scenario", "classics/elmira"), *params])
    assert response.status_code == status
    assert needle in response.json()["error"]


# -- trees ---------------------------------------------------------------------------------


def test_backward_induction_step_by_step(client):
    data = analyse(client, "security_guarantee")
    result = contract.analyse(bundled.load("security_guarantee"))
    steps = data["tree"]["steps"]
    assert [(s["node"], s["chosen"]) for s in steps] == [
        (st.node, st.chosen) for st in result.backward.steps
    ]
    assert steps[-1]["node"] == result.tree.nodes[0].name  # the root comes last
    for s, st in zip(steps, result.backward.steps):
        assert [m["best"] for m in s["moves"]] == [mv in st.best for mv in st.moves]
    path = [f"{n}: {m}" for n, m in result.backward.equilibria[0].path]
    assert data["tree"]["path"] == path
    typed = analyse(client, "summit_types")["tree"]
    assert typed["steps"] == [] and "information sets" in typed["note"]


def test_each_step_names_its_node_moves_and_subtree_on_the_tree_chart(client):
    """The page highlights a step on the SVG tree chart by ids: each step names its node, the
    lines of its moves and its subtree, and every id is in the chart the page shows."""
    from sim.sequential.charts import edge_id, node_id

    result = contract.analyse(bundled.load("security_guarantee"))
    tree = result.tree
    view = analyse(client, "security_guarantee")["tree"]
    svg = client.get("/api/chart.svg", params={"scenario": "security_guarantee"})
    assert svg.status_code == 200 and view["chart"] == "tree"
    ids = set(re.findall(r'<g id="(tree-[a-z]+-[0-9-]+)"', svg.text))
    assert len([i for i in ids if i.startswith("tree-node-")]) == len(tree.nodes)
    n_moves = sum(len(n.children) for n in tree.nodes)
    assert len([i for i in ids if i.startswith(("tree-edge-", "tree-label-"))]) == 2 * n_moves
    solved_at = {}
    for number, (step, st) in enumerate(zip(view["steps"], result.backward.steps), 1):
        k = tree.node_index(st.node)
        marks = step["chart"]
        assert marks["node"] == node_id(k)
        assert marks["chosen"] == edge_id(k, tree.nodes[k].moves.index(st.chosen))
        assert [m["edge"] for m in step["moves"]] == [
            edge_id(k, tree.nodes[k].moves.index(mv)) for mv in st.moves
        ]
        assert {marks["node"], *marks["subtree"]} <= ids
        # backward induction: every decision node below was solved at an earlier step
        below = [i for i in marks["subtree"] if i.startswith("tree-node-") and i != marks["node"]]
        assert all(solved_at[i] < number for i in below if i in solved_at)
        assert {node_id(c) for c in tree.nodes[k].children} <= set(below)
        solved_at[marks["node"]] = number
    assert view["steps"][-1]["chart"]["node"] == node_id(0)
    root = set(view["steps"][-1]["chart"]["subtree"])
    assert root == ids  # the root's subtree is the whole chart


def test_the_handout_follows_the_page_s_concept_convention_and_sliders(client, monkeypatch):
    """The download draws its chart with the page's concept and analyses with the page's
    convention and slider values (the charts are stubbed: what is drawn is what is asked)."""
    from matplotlib.figure import Figure

    asked = []

    def draw(result, chart=None, **options):
        asked.append((result.meta.title, chart, options, dict(result.parameters)))
        return Figure(figsize=(1, 1))

    monkeypatch.setattr(contract, "draw", draw)
    name = "classics/cuban_missile_crisis"
    page = [("scenario", name), ("opt", "convention=single"), ("copt", "concept=nash")]
    got = client.get("/api/handout.html", params=[*page, ("chart", "conflict")])
    assert got.status_code == 200, got.text
    title = bundled.load(name).meta.title
    assert asked == [(title, "conflict", {"concept": "nash"}, {})]
    assert "convention &#x27;single&#x27;" in got.text
    assert "convention &#x27;sequence&#x27;" not in got.text
    asked.clear()
    plain = client.get("/api/handout.html", params={"scenario": name})
    assert asked == [(title, "conflict", {}, {})]
    assert "convention &#x27;sequence&#x27;" in plain.text
    # the slider values, in another kind
    asked.clear()
    moved = client.get(
        "/api/handout.html", params=[("scenario", "beijing_outside_option"), ("set", "pie=12")]
    )
    assert moved.status_code == 200 and "pie = 12 (default 10)" in moved.text
    assert asked and all(a[3]["pie"] == 12 for a in asked)
    bad = client.get("/api/handout.html", params=[*page, ("copt", "concept=best")])
    assert bad.status_code == 400 and "use one of nash" in bad.json()["error"]


# -- robustness ----------------------------------------------------------------------------


def test_robustness_uses_the_file_block_and_seed(client):
    from sim.robust import robust

    response = client.get("/api/robust", params={"scenario": "freeze_for_freeze"})
    assert response.status_code == 200
    data = response.json()
    scenario = bundled.load("freeze_for_freeze")
    assert data["seed"] == scenario.meta.uncertainty.seed and data["draws"] == 2000
    expected = robust(scenario, draws=2000, sensitivity=False, keep_samples=False)
    assert {o["label"]: o["probability"] for o in data["outcomes"]} == {
        s.label: s.probability for s in expected.outcomes if s.count or s.in_baseline
    }


def test_robustness_without_a_block_spreads_and_fixes_moved_sliders(client):
    from sim.robust import robust

    response = client.get(
        "/api/robust", params=[("scenario", "classics/chicken"), ("set", "win=5")]
    )
    assert response.status_code == 200, response.text
    data = response.json()
    assert "25%" in data["drawn"] and "win" not in data["parameters"]
    scenario = bundled.load("classics/chicken")
    expected = robust(scenario, {"win": "5"}, draws=data["draws"], spread=0.25, sensitivity=False)
    assert {o["label"]: o["probability"] for o in data["outcomes"]} == {
        s.label: s.probability for s in expected.outcomes if s.count or s.in_baseline
    }


def test_robustness_of_a_scenario_without_parameters_says_why(client):
    response = client.get("/api/robust", params={"scenario": "classics/elmira"})
    assert response.status_code == 400
    assert "no parameters" in response.json()["error"]


# -- uploads -------------------------------------------------------------------------------


def test_an_uploaded_scenario_is_served_like_a_bundled_one(client):
    root = bundled.bundled_dir()
    before = sorted(p.name for p in root.rglob("*"))
    text = (
        (root / "freeze_for_freeze.yaml")
        .read_text()
        .replace("title:", "title: Uploaded copy of", 1)
    )
    response = client.post("/api/upload?filename=my%20game.yaml", content=text.encode())
    assert response.status_code == 200, response.text
    entry = response.json()
    assert entry["name"].startswith("upload/") and entry["name"].endswith("/my_game.yaml")
    assert entry["title"].startswith("Uploaded copy of")
    assert [p["name"] for p in entry["parameters"]] == [
        p.name for p in bundled.load("freeze_for_freeze").parameters
    ]
    data = analyse(client, entry["name"], "drill_value=4")
    assert data["outcomes"] == ["pressure, test"]
    assert cells(data["payoffs"])
    handout = client.get("/api/handout.html", params={"scenario": entry["name"]})
    assert handout.status_code == 200 and "Uploaded copy of" in handout.text
    assert sorted(p.name for p in root.rglob("*")) == before  # nothing written there
    assert entry["name"] not in [s["name"] for s in client.get("/api/scenarios").json()]


def test_an_uploaded_gambit_file_is_read_from_a_private_folder(client):
    nfg = 'NFG 1 R "Uploaded dilemma" { "Row" "Col" } { 2 2 }\n3 3 0 5 5 0 1 1\n'
    response = client.post("/api/upload?filename=pd.nfg", content=nfg.encode())
    assert response.status_code == 200, response.text
    data = analyse(client, response.json()["name"])
    assert len(data["equilibria"]) == 1 and data["equilibria"][0]["pure"]
    bad = client.post("/api/upload?filename=bad.nfg", content=b'NFG 1 R "x" { "A" } { 2 }\n1\n')
    assert bad.status_code == 400
    body = bad.json()
    assert body["problems"] and all(p["file"] == "bad.nfg" for p in body["problems"])
    assert "negsim-serve-" not in body["error"]


@pytest.mark.parametrize(
    ("filename", "content", "status", "where", "needle"),
    [
        ("big.yaml", b"#" * (MAX_UPLOAD_BYTES + 1), 413, "big.yaml", "at most 1,000,000 bytes"),
        ("bad.yaml", b"format: negsim/1\nplayers: [a, b\n", 400, "bad.yaml:3", "not valid YAML"),
        ("kind.yaml", b"format: negsim/1\nkind: auction\n", 400, "kind.yaml:2:7", "unknown kind"),
        ("empty.yaml", b"  \n", 400, "empty.yaml", "the file is empty"),
        ("latin.yaml", b"format: negsim/1\ntitle: caf\xe9\n", 400, "latin.yaml:2:", "not UTF-8"),
        ("v.yaml", b"format: negsim/2\n", 400, "v.yaml:1", "unsupported format"),
    ],
)
def test_bad_uploads_are_4xx_with_the_located_message(
    client, filename, content, status, where, needle
):
    response = client.post(f"/api/upload?filename={filename}", content=content)
    assert response.status_code == status
    body = response.json()
    assert needle in body["error"] and body["error"].startswith(where)
    assert "Traceback" not in body["error"]
    first = body["problems"][0]
    assert first["file"] == filename and needle in first["message"]


def test_an_invalid_scenario_file_lists_every_problem_with_its_line(client, root):
    path = root / "tests" / "data" / "invalid" / "missing_profiles.yaml"
    response = client.post("/api/upload?filename=missing_profiles.yaml", content=path.read_bytes())
    assert response.status_code == 400
    body = response.json()
    assert all(p["line"] > 0 and p["file"] == "missing_profiles.yaml" for p in body["problems"])


def test_uploads_are_bounded_in_number():
    store = Analyses()
    text = (bundled.bundled_dir() / "classics" / "chicken.yaml").read_text()
    names = [
        store.upload("c.yaml", (text + f"\n# copy {k}\n").encode())[0]
        for k in range(MAX_UPLOADS + 1)
    ]
    with pytest.raises(Exception, match="upload the file again"):
        store.scenario(names[0])
    assert store.scenario(names[-1]).meta.kind == "normal-form"


# -- exercises -----------------------------------------------------------------------------


def right_answers(kind: str, seed: int) -> dict:
    """The answers, from the library (not from the page's checker)."""
    from sim.conflict import analyse as analyse_conflict
    from sim.explain.exercises import STABILITY_CONCEPTS, backward_induction, generate
    from sim.normal_form.explain_archetypes import classify_2x2
    from sim.solvers import solve

    ex = generate(kind, seed, 1)[0]
    if kind in ("2x2", "mixed", "dominance"):
        eqs = solve(ex.game, "auto").equilibria
        pure = [ex.game.profile_label(e.pure_profile()) for e in eqs if e.is_pure]
    if kind == "2x2":
        return {"pure": pure, "archetype": classify_2x2(ex.game).key}
    if kind == "mixed":
        (mixed,) = [e for e in eqs if not e.is_pure]
        return {
            "pure": [],
            "prob0": str(mixed.strategies[0][0]),
            "prob1": str(mixed.strategies[1][0]),
        }
    if kind == "dominance":
        u, out = ex.game.exact, []
        for i, (a, b) in itertools.product(range(2), itertools.permutations(range(3), 2)):
            U = u[..., i] if i == 0 else u[..., i].T
            if all(U[b, k] > U[a, k] for k in range(3)) and f"{i}:{a}" not in out:
                out.append(f"{i}:{a}")
        (survivor,) = pure
        return {"dominated": out, "survivor": survivor}
    if kind == "tree":
        _, choice, _ = backward_induction(ex.tree)
        return {f"node:{k}": v for k, v in choice.items()}
    result = analyse_conflict(ex.conflict, concepts=STABILITY_CONCEPTS, coalitions=False)
    return {f"eq:{x}": [str(s) for s in result.equilibria(x)] for x in STABILITY_CONCEPTS}


def wrong(answer):
    if isinstance(answer, list):
        return answer[:-1] if answer else ["1"]
    if "/" in answer or answer.lstrip("-").isdigit():
        return str(Fraction(answer) + Fraction(1, 7))
    return "deadlock" if answer != "deadlock" else "chicken"


@pytest.mark.parametrize("kind", ["2x2", "dominance", "mixed", "tree", "stability"])
def test_an_exercise_is_checked_right_and_wrong(client, kind):
    seed = 4
    shown = client.get("/api/exercise", params={"kind": kind, "seed": seed})
    assert shown.status_code == 200
    ex = shown.json()
    assert ex["command"] == f"negsim exercise --kind {kind} --seed {seed} --count 1"
    assert "<h2>" in ex["html"] or "<section" in ex["html"]
    answers = right_answers(kind, seed)
    assert {q["id"] for q in ex["questions"]} == set(answers)
    for q in ex["questions"]:
        if q["type"] != "number":
            values = {o["value"] for o in q["options"]}
            given = answers[q["id"]]
            assert set(given if isinstance(given, list) else [given]) <= values
    ok = client.post("/api/exercise/check", json={"kind": kind, "seed": seed, "answers": answers})
    assert ok.status_code == 200
    assert ok.json()["all_correct"], ok.json()
    assert all(v["why"].startswith("Right") for v in ok.json()["results"])
    qid = ex["questions"][-1]["id"]
    bad = client.post(
        "/api/exercise/check",
        json={"kind": kind, "seed": seed, "answers": {**answers, qid: wrong(answers[qid])}},
    ).json()
    verdict = {v["id"]: v for v in bad["results"]}
    assert not bad["all_correct"] and not verdict[qid]["correct"]
    assert len(verdict[qid]["why"]) > 20 and not verdict[qid]["why"].startswith("Right")
    assert all(v["correct"] for k, v in verdict.items() if k != qid)


def test_a_wrong_equilibrium_says_who_gains_by_switching(client):
    answers = right_answers("2x2", 2)
    ex = client.get("/api/exercise", params={"kind": "2x2", "seed": 2}).json()
    cells_ = [o["value"] for o in ex["questions"][0]["options"]]
    extra = next(c for c in cells_ if c not in answers["pure"])
    got = client.post(
        "/api/exercise/check",
        json={"kind": "2x2", "seed": 2, "answers": {**answers, "pure": [*answers["pure"], extra]}},
    ).json()
    why = got["results"][0]["why"]
    assert re.search(rf"{extra} is not an equilibrium: (Row|Column) gains by switching", why)


@pytest.mark.parametrize(
    ("method", "params", "body", "needle"),
    [
        ("get", {"kind": "poker", "seed": 1}, None, "unknown exercise kind"),
        ("get", {"kind": "2x2", "seed": "x"}, None, "give a whole number"),
        ("post", None, {"kind": "2x2", "seed": 1, "answers": {"nope": 1}}, "no question 'nope'"),
        ("post", None, {"kind": "2x2", "seed": 1, "answers": [1]}, "answers: give an object"),
        ("post", None, b"{not json", "not JSON"),
        ("post", None, {"kind": "2x2", "seed": 1, "answers": {"archetype": ["a"]}}, "one value"),
        ("post", None, {"kind": "2x2", "seed": 1, "answers": {"pure": {"a": 1}}}, "a list of"),
    ],
)
def test_exercise_mistakes_are_400(client, method, params, body, needle):
    if method == "get":
        response = client.get("/api/exercise", params=params)
    elif isinstance(body, bytes):
        response = client.post("/api/exercise/check", content=body)
    else:
        response = client.post("/api/exercise/check", json=body)
    assert response.status_code == 400
    assert needle in response.json()["error"]


def test_a_bug_is_a_500_with_a_sentence_not_a_traceback(monkeypatch):
    from sim.web import views

    def broken(result):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views, "payoff_view", broken)
    client = TestClient(create_app(), raise_server_exceptions=False)
    response = client.get("/api/analyse", params={"scenario": "freeze_for_freeze"})
    assert response.status_code == 500
    assert "negsim hit a bug (RuntimeError)" in response.json()["error"]
    assert "secret internals" not in response.text and "Traceback" not in response.text
