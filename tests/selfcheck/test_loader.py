import copy
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml

from weltoffen.selfcheck import loader, services
from weltoffen.selfcheck.models import Questionnaire

from .conftest import MINI

BASE = yaml.safe_load(MINI.read_text())


def _write(tmp_path: Path, doc, name="mini.v1.yaml") -> Path:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else yaml.safe_dump(doc, allow_unicode=True))
    return path


def _mutated(change):
    doc = copy.deepcopy(BASE)
    change(doc)
    return doc


MALFORMED = [
    ("missing title", lambda d: d.pop("title"), "title", "missing"),
    (
        "missing dimension key",
        lambda d: d["dimensions"][1].pop("key"),
        "dimensions[1].key",
        "lower-case",
    ),
    (
        "unknown type",
        lambda d: d["dimensions"][0]["questions"][1].update(type="slider"),
        "dimensions[0].questions[1].type",
        "unknown type “slider”",
    ),
    (
        "duplicate question key",
        lambda d: d["dimensions"][1]["questions"][0].update(key="mission"),
        "dimensions[1].questions[0].key",
        "duplicate question key “mission”",
    ),
    (
        "duplicate dimension key",
        lambda d: d["dimensions"][1].update(key="management"),
        "dimensions[1].key",
        "duplicate dimension key",
    ),
    (
        "duplicate option key",
        lambda d: d["dimensions"][1]["questions"][0]["options"][1].update(key="assembly"),
        "dimensions[1].questions[0].options[1].key",
        "duplicate option key",
    ),
    (
        "negative weight",
        lambda d: d["dimensions"][0]["questions"][0].update(weight=-1),
        "dimensions[0].questions[0].weight",
        "at least 0",
    ),
    (
        "zero dimension weight",
        lambda d: d["dimensions"][0].update(weight=0),
        "dimensions[0].weight",
        "greater than 0",
    ),
    (
        "weight as text",
        lambda d: d["dimensions"][0]["questions"][0].update(weight="viel"),
        "dimensions[0].questions[0].weight",
        "must be a number",
    ),
    (
        "one step",
        lambda d: d["dimensions"][0]["questions"][0].update(steps=[{"de": "a", "en": "a"}]),
        "dimensions[0].questions[0].steps",
        "2 to 7 steps",
    ),
    (
        "one option",
        lambda d: d["dimensions"][1]["questions"][0].update(
            options=d["dimensions"][1]["questions"][0]["options"][:1]
        ),
        "dimensions[1].questions[0].options",
        "2 to 12",
    ),
    (
        "single choice without 100",
        lambda d: d["dimensions"][1]["questions"][1]["options"][2].update(score=90),
        "dimensions[1].questions[1].options",
        "score 100",
    ),
    (
        "score over 100",
        lambda d: d["dimensions"][1]["questions"][0]["options"][0].update(score=120),
        "dimensions[1].questions[0].options[0].score",
        "0 to 100",
    ),
    (
        "text without English",
        lambda d: d["dimensions"][0]["questions"][0]["text"].pop("en"),
        "dimensions[0].questions[0].text",
        "German and an English",
    ),
    (
        "empty German text",
        lambda d: d["dimensions"][0]["title"].update(de="  "),
        "dimensions[0].title",
        "must not be empty",
    ),
    (
        "missing recommendation",
        lambda d: d["dimensions"][0]["recommendations"].pop("advanced"),
        "dimensions[0].recommendations",
        "missing the band “advanced”",
    ),
    (
        "unknown key (typo)",
        lambda d: d["dimensions"][0]["questions"][0].update(hilfe={"de": "x", "en": "x"}),
        "dimensions[0].questions[0].hilfe",
        "unknown key",
    ),
    (
        "steps on a yes/no question",
        lambda d: d["dimensions"][0]["questions"][1].update(steps=[]),
        "dimensions[0].questions[1].steps",
        "not used by type yes_partly_no",
    ),
    (
        "bands not ascending",
        lambda d: d["score_bands"][2].update(min=30),
        "score_bands[2].min",
        "ascend",
    ),
    (
        "first band not at 0",
        lambda d: d["score_bands"][0].update(min=10),
        "score_bands[0].min",
        "starts at 0",
    ),
    (
        "number max below min",
        lambda d: d["dimensions"][0]["questions"][2].update(max=-5),
        "dimensions[0].questions[2].max",
        "greater than min",
    ),
    (
        "score_from descending",
        lambda d: d["dimensions"][0]["questions"][2]["score_from"][2].update(at_least=1),
        "dimensions[0].questions[2].score_from[2].at_least",
        "ascending",
    ),
    (
        "no scored question",
        lambda d: d["dimensions"][1]["questions"].__setitem__(
            slice(None), [{"key": "t", "type": "text", "text": {"de": "x", "en": "x"}}]
        ),
        "dimensions[1].questions",
        "at least one question must be scored",
    ),
    ("no dimensions", lambda d: d.update(dimensions=[]), "dimensions", "at least one"),
    ("version as text", lambda d: d.update(version="eins"), "version", "whole number"),
]


@pytest.mark.parametrize("label,change,path,reason", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_files_name_path_and_reason(tmp_path, label, change, path, reason):
    with pytest.raises(loader.QuestionnaireError) as exc:
        loader.load_file(_write(tmp_path, _mutated(change)))
    assert exc.value.file == "mini.v1.yaml"
    assert exc.value.path == path
    assert reason in exc.value.reason
    assert str(exc.value).startswith(f"mini.v1.yaml: {path}: ")


def test_bad_yaml_names_the_line(tmp_path):
    with pytest.raises(loader.QuestionnaireError) as exc:
        loader.load_file(_write(tmp_path, "slug: mini\nversion: 1\ntitle: {de: [unclosed\n"))
    assert exc.value.path.startswith("line ") and "bad YAML" in exc.value.reason


def test_wrong_version_and_slug_against_file_name(tmp_path):
    with pytest.raises(loader.QuestionnaireError, match="does not match the file name"):
        loader.load_file(_write(tmp_path, _mutated(lambda d: d.update(version=2))))
    with pytest.raises(loader.QuestionnaireError, match="does not match the file name"):
        loader.load_file(_write(tmp_path, BASE, name="andere.v1.yaml"))
    with pytest.raises(loader.QuestionnaireError, match="file name"):
        loader.load_file(_write(tmp_path, BASE, name="mini.yaml"))


def test_shipped_questionnaires_are_valid():
    root = Path(__file__).parents[2] / "questionnaires"
    files = sorted(root.glob("*.yaml"))
    assert {f.name for f in files} >= {
        "weltoffene-kommune.v1.yaml",
        "beteiligungsprojekt-qualitaet.v1.yaml",
    }
    main = loader.load_file(root / "weltoffene-kommune.v1.yaml")
    count = sum(len(d["questions"]) for d in main["dimensions"])
    assert 60 <= count <= 100
    assert len(main["dimensions"]) == 9
    loader.load_file(root / "beteiligungsprojekt-qualitaet.v1.yaml")


def test_load_is_idempotent_and_immutable(db, tmp_path):
    first, created = services.load_questionnaire(MINI)
    again, created_again = services.load_questionnaire(MINI)
    assert created and not created_again and again.id == first.id
    changed = _write(tmp_path, _mutated(lambda d: d["title"].update(de="Anders")))
    with pytest.raises(loader.QuestionnaireError, match="already loaded with other content"):
        services.load_questionnaire(changed)
    assert db.session.scalar(sa.select(sa.func.count(Questionnaire.id))) == 1


def test_cli_validate_and_load(app, db, tmp_path):
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["selfcheck", "validate", str(MINI)])
    assert ok.exit_code == 0 and "valid (2 dimensions, 6 questions)" in ok.output
    bad = _write(
        tmp_path, _mutated(lambda d: d["dimensions"][0]["questions"][1].update(type="slider"))
    )
    result = runner.invoke(args=["selfcheck", "load", str(MINI), str(bad)])
    assert result.exit_code == 1
    assert "mini.v1.yaml: dimensions[0].questions[1].type: unknown type “slider”" in result.output
    assert db.session.scalar(sa.select(sa.func.count(Questionnaire.id))) == 0  # nothing written
    loaded = runner.invoke(args=["selfcheck", "load", str(MINI)])
    assert loaded.exit_code == 0 and "mini v1: loaded" in loaded.output
