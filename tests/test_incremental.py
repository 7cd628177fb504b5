"""A dossier that grows: adding documents to a fused store gives the export of a fresh build of
every document, ids included, when the new documents join two entities, split one, join quotes
into a group, turn an old document into a reprint of a new one, let a name the recogniser missed
in an old document be found again (or no longer), and give a nationality its country."""
import http.client
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from conftest import export_without_timestamp, run_cli
from test_web import Server

FIRST = {
    "serena.txt": "Serena Williams wins in New York\n\nSerena Williams won her semi-final in New York on Monday. "
                  "Williams said she felt strong after a long season. \"I played my best tennis today,\" Williams "
                  "told reporters after the match.\n",
    # only a surname: the one Williams of the corpus, until a second one comes
    "coach.txt": "Coach praises champion\n\nThe coach praised Williams on Tuesday at the training centre in Florida. "
                 "\"I want to win this title again,\" Williams said on Tuesday, a day after the semi-final.\n",
    # a short name alone: its own entity, until its full name comes
    "obama.txt": "Speech in Chicago\n\nObama spoke in Chicago on Thursday about the climate. \"We must act now, "
                 "before the damage is done,\" Obama said to a crowd of thousands.\n",
    "wire.txt": "Storm hits the coast\n\nA powerful storm hit the northern coast on Sunday, cutting power to more "
                "than 200,000 homes and closing the main highway between the two largest cities of the region for "
                "most of the day. Emergency crews worked through the night to clear fallen trees and restore "
                "electricity, the regional authority said in a statement on Monday morning.\n",
    # a surname the recogniser misses here (no entity yet), found again once a full name bears it
    "bridge.txt": "Bridge plan goes to the council\n\nOn Monday the council heard from Gold about the new bridge "
                  "over the river. The bridge, backed by Gold, would cut traffic in the old town by a third, the "
                  "council said.\n",
    # missed here too, but found again as Ellen Bright's, until a second Bright comes
    "budget.txt": "Budget vote delayed\n\nThe budget vote was delayed after a long debate with Bright on Tuesday. "
                  "Members said the figures, prepared for Bright, were incomplete.\n",
    "treasurer.txt": "Treasurer named\n\nEllen Bright was named treasurer of the club on Wednesday. Ellen Bright "
                     "said she would publish the accounts.\n",
    # a nationality with no country in the corpus, until the country comes
    "geneva.txt": "Delegation in Geneva\n\nThe Norwegian delegation arrived in Geneva on Monday for talks on fishing "
                  "rights. Norwegian officials said they hoped for a deal within a week.\n",
}
ADDED = {
    "venus.txt": "Venus Williams reaches the final\n\nVenus Williams reached the final in London on Wednesday. "
                 "Venus Williams said the crowd had carried her through the third set.\n",
    "barack.txt": "Talks in Berlin\n\nBarack Obama met Angela Merkel in Berlin on Friday. \"We must act now, before "
                  "the damage is done,\" Barack Obama said after the talks.\n",
    # the same wire story under a name that sorts first: the old document becomes its reprint
    "reprint.txt": "Storm hits the coast (reprinted)\n\n" + FIRST["wire.txt"].split("\n\n", 1)[1]
                   + "Read more stories like this on our site.\n",
    "engineer.txt": "Engineer presents bridge\n\nMiriam Gold, the city engineer, presented the bridge plan to "
                    "residents on Friday. Miriam Gold said the work would start in the spring.\n",
    "rowers.txt": "New coach for the rowers\n\nThomas Bright was named coach of the rowing team on Thursday. "
                  "Thomas Bright said the team would train every morning.\n",
    "fishing.txt": "Fishing talks resume\n\nTalks with Norway on fishing rights resumed in Geneva on Tuesday. "
                   "Negotiators said Norway had offered new quotas.\n",
}


def _write(folder: Path, texts: dict) -> Path:
    folder.mkdir(parents=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("incremental")
    first, added = _write(work / "first", FIRST), _write(work / "added", ADDED)
    grown, fresh = work / "grown.duckdb", work / "fresh.duckdb"
    assert run_cli("build", str(first), "--db", str(grown)).exit_code == 0
    before = export_without_timestamp(grown, work / "before.json")
    assert run_cli("build", str(added), "--db", str(grown)).exit_code == 0
    assert run_cli("build", str(first), str(added), "--db", str(fresh)).exit_code == 0
    return {"before": before, "grown": export_without_timestamp(grown, work / "grown.json"), "grown_db": grown,
            "fresh": export_without_timestamp(fresh, work / "fresh.json"), "first": first, "added": added}


def _entity(export: dict, name: str) -> dict:
    return next(e for e in export["entities"] if e["name"] == name)


def _quote_speaker(export: dict, source: str) -> dict:
    doc = next(d["id"] for d in export["documents"] if d["source"] == source)
    return next(q["speaker"] for q in export["quotes"] if q["doc"] == doc)


def test_the_grown_dossier_is_the_fresh_one(builds):
    for key in builds["fresh"]:
        assert builds["grown"][key] == builds["fresh"][key], key


def test_the_added_documents_changed_what_they_should(builds):
    before, after = builds["before"], builds["fresh"]
    # join: "Obama" alone was an entity; with "Barack Obama" in the corpus it is his
    assert any(e["name"] == "Obama" for e in before["entities"])
    assert not any(e["name"] == "Obama" for e in after["entities"])
    assert "Obama" in _entity(after, "Barack Obama")["aliases"]
    # split: the coach's "Williams" was Serena's quote; with two Williamses it is nobody's
    assert _quote_speaker(before, "coach.txt")["entity"] == _entity(before, "Serena Williams")["id"]
    assert _quote_speaker(after, "coach.txt")["kind"] == "unresolved"
    # the same remark in two documents: one statement group
    obama = _entity(after, "Barack Obama")["id"]
    assert any(len(g["members"]) == 2 and g["speaker"] == "Barack Obama" for g in after["quote_groups"])
    assert all(q["speaker"]["entity"] == obama for q in after["quotes"] if q["speaker"]["name"] == "Barack Obama")
    # reprint: the old wire story is now the copy
    by_source = {d["source"]: d for d in after["documents"]}
    assert by_source["wire.txt"]["duplicate_of"] == by_source["reprint.txt"]["id"]
    assert all(d["duplicate_of"] is None for d in before["documents"])


def _mentions_in(export: dict, source: str, entity: dict) -> list[str]:
    """The words of the entity's mentions in the document of `source`."""
    doc = next(d for d in export["documents"] if d["source"] == source)
    return [doc["text"][m["start"]:m["end"]] for m in entity["mentions"] if m["doc"] == doc["id"]]


def test_names_found_again_and_countries_follow_the_corpus(builds):
    before, after = builds["before"], builds["fresh"]
    # the recogniser missed "Gold" in the old document: once the corpus has Miriam Gold, found again there
    assert not any("Gold" in e["name"] for e in before["entities"])
    assert _mentions_in(after, "bridge.txt", _entity(after, "Miriam Gold")) == ["Gold", "Gold"]
    # "Bright" was Ellen Bright's, the one Bright of the corpus; with Thomas Bright it is no one's
    assert _mentions_in(before, "budget.txt", _entity(before, "Ellen Bright")) == ["Bright", "Bright"]
    assert all(not _mentions_in(after, "budget.txt", e) for e in after["entities"] if "Bright" in e["name"])
    # the nationality points at its country once the country is in the corpus
    assert _entity(before, "Norwegian")["country"] is None
    assert _entity(after, "Norwegian")["country"] == _entity(after, "Norway")["id"]


def test_a_merged_entity_id_leads_to_the_entity_it_joined(builds):
    old = _entity(builds["before"], "Obama")["id"]
    new = _entity(builds["fresh"], "Barack Obama")["id"]
    con = duckdb.connect(str(builds["grown_db"]), read_only=True)
    try:
        assert con.execute("SELECT merged_into FROM entity_redirects WHERE old = ?", [old]).fetchall() == [(new,)]
    finally:
        con.close()
    with Server(builds["grown_db"]) as server:
        con = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        con.request("GET", f"/entities/{old}?page=1")
        response = con.getresponse()
        assert response.status == 307 and response.getheader("location") == f"/entities/{new}?page=1"
        con.close()
        status, body = server.raw_get(f"/entities/{new}")
        assert status == 200 and "Barack Obama" in body
        assert server.raw_get("/entities/e0000000000000000")[0] == 404


def test_fusing_again_with_nothing_new_writes_nothing(builds, tmp_path):
    from newsdossier.pipeline import refuse
    from newsdossier.store import Store

    db = tmp_path / "again.duckdb"
    shutil.copy(builds["grown_db"], db)
    with Store(db) as store:
        before = {t: store.con.execute(f"SELECT count(*) FROM {t}").fetchone() for t in ("entities", "quotes", "events")}
        change = refuse(store)
        assert not (change.entities or change.quotes or change.groups or change.found or change.duplicate_of)
        assert not (change.events[1] or change.claims[1] or change.disagreements[1])
        assert before == {t: store.con.execute(f"SELECT count(*) FROM {t}").fetchone() for t in before}
    assert export_without_timestamp(db, tmp_path / "again.json") == builds["fresh"]
    clustered, mentions = change.event_counts
    assert clustered == 0 and mentions > 0  # no part of the events clustered again


def test_a_store_fused_before_events_kept_their_history_grows_to_the_fresh_dossier(builds, tmp_path):
    """The first fusion after an upgrade has no event history to go by: it clusters every part again
    and compares with every stored event."""
    db = tmp_path / "old.duckdb"
    assert run_cli("build", str(builds["first"]), "--db", str(db)).exit_code == 0
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM fusion_event_mentions")
    con.close()
    assert run_cli("build", str(builds["added"]), "--db", str(db)).exit_code == 0
    assert export_without_timestamp(db, tmp_path / "old.json") == builds["fresh"]
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM fusion_event_mentions").fetchone()[0] > 0
    con.close()


@pytest.mark.parametrize("dense", [4000, 60])
@pytest.mark.parametrize("seed", range(3))
def test_quantity_groups_grown_from_a_store_equal_groups_made_at_once(seed, dense, monkeypatch, tmp_path):
    """The same, with the grouping kept in a store between steps, as a build keeps it: only the
    links of the groups the changed claims reach are read back (`Store.claim_links_touching`)."""
    import random

    from newsdossier.fuse import claim_groups
    from newsdossier.fuse.claims import quantities_agree
    from newsdossier.fuse.update import Change, grouping_change
    from newsdossier.store import Store

    monkeypatch.setattr(claim_groups, "MAX_DENSE", dense)
    rng = random.Random(seed)
    docs = [f"d{rng.randrange(10**6):06d}" for _ in range(150)]
    items = _claims(rng, docs)
    reads = []
    with Store(tmp_path / "grouping.duckdb") as store:
        monkeypatch.setattr(store, "claim_links_touching",
                            lambda claims, read=store.claim_links_touching: reads.append(len(claims)) or read(claims))
        for share in (0.5, 0.7, 0.72, 0.8, 0.9, 0.91, 0.96, 1.0):
            present = set(docs[: int(len(docs) * share)])
            now = [dict(c) for c in items if c["doc"] in present]
            for c in rng.sample(now, 2):
                c["subject_key"] = "Ann Lee" if c["subject_key"] != "Ann Lee" else None
            grouping = store.claim_grouping()
            before = set(grouping.rows())
            grown = claim_groups.group(now, _embed, quantities_agree, grouping)
            assert grown == claim_groups.group(now, _embed, quantities_agree)
            store.write_fusion(Change(claim_grouping=grouping_change(before, grouping)))
    assert reads and max(reads) < len(items)  # links were read back, never all of them at once


def _claims(rng, docs: list[str]) -> list[dict]:
    """Quantity claims of these documents, drawn from things, values and subjects so that pairs
    link, some across groups that cannot join."""
    heads = ["tariff", "levy", "arrests", "jobs", "deaths", "budget", "fine", "loan", "troops", "votes", "raise"]
    places = ["on steel", "on aluminium", "in Ohio", "in Texas", "for defence", "for schools", "at Acme", "in Gaza"]
    values = [("about 25%", 25.0, "%"), ("$700 billion", 700e9, "USD"), ("more than 40", 40.0, None), ("12", 12.0, None)]
    values += [(f"{n:,}", float(n), None) for n in range(5000, 5600, 25)]
    values += [(f"${n} million", n * 1e6, "USD") for n in range(31, 60)] + [(f"{n}%", float(n), "%") for n in range(5, 30)]
    items = []
    for doc in sorted(docs):
        for n in range(rng.randint(1, 3)):
            measured = [rng.choice(heads), *rng.sample(places, rng.randint(0, 1))]
            value, number, unit = rng.choice(values)
            items.append({
                "id": f"c-{doc}-{n}", "doc": doc, "value": value, "number": number, "unit": unit,
                "approx": "about" if value.startswith("about") else "more than" if value.startswith("more") else None,
                "measured": measured, "measured_text": " ".join(measured), "measured_verb": measured[0] == "raise",
                "subject_key": rng.choice([None, None, None, "Ann Lee", "Lee", "Bob Ray"]),
                "as_of": rng.choice([None, "2019", "2020"]), "as_of_basis": rng.choice(["own", "document"]),
                "definite": rng.random() < 0.1,
            })
    return items


def _embed(texts: list[str]):
    """Unit vectors where a few words read alike (those of one length), others not."""
    import numpy as np

    out = []
    for t in texts:
        v = np.zeros(16, dtype="float32")
        v[len(t) % 16] = 1.0
        out.append(v)
    return out


@pytest.mark.parametrize("dense", [4000, 60])
@pytest.mark.parametrize("seed", range(8))
def test_quantity_groups_grown_equal_groups_made_at_once(seed, dense, monkeypatch):
    """Grouping quantity claims as documents come (a few old claims changing subject) gives the
    groups of one grouping of them all, whether every pair of a kind is compared or only those
    sharing a word (`dense`: the size above which only those are)."""
    import random

    from newsdossier.fuse import claim_groups
    from newsdossier.fuse.claims import quantities_agree

    monkeypatch.setattr(claim_groups, "MAX_DENSE", dense)
    rng = random.Random(seed)
    docs = [f"d{rng.randrange(10**6):06d}" for _ in range(150)]
    items = _claims(rng, docs)
    grouping = claim_groups.Grouping()
    for share in (0.5, 0.7, 0.72, 0.8, 0.9, 0.91, 0.96, 1.0):  # large steps, and one or a few documents
        present = set(docs[: int(len(docs) * share)])
        now = [dict(c) for c in items if c["doc"] in present]
        for c in rng.sample(now, 2):  # a subject that now means another entity
            c["subject_key"] = "Ann Lee" if c["subject_key"] != "Ann Lee" else None
        # through the store's shapes: rows and links as stored, the shape through JSON
        grouping = claim_groups.Grouping(json.loads(json.dumps(grouping.shape)), grouping.rows(), grouping.links)
        grown = claim_groups.group(now, _embed, quantities_agree, grouping)
        assert grown == claim_groups.group(now, _embed, quantities_agree)
        assert len(set(grown)) < len(now)  # some claims were grouped
