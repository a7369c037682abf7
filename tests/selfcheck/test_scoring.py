import pytest
import yaml

from weltoffen.selfcheck.scoring import band_for, round_half_up, score_answers

from .conftest import MINI

DEF = yaml.safe_load(MINI.read_text())
for dim in DEF["dimensions"]:
    dim.setdefault("weight", 1)
    for q in dim["questions"]:
        q.setdefault("weight", 1)


def test_weighted_dimension_score():
    # mission (weight 2): step 2 of 0..3 = 66.67; budget yes = 100; languages 3 -> 50
    result = score_answers(
        DEF, {"mission": (2, None), "budget": ("yes", None), "languages": (3, None)}
    )
    dim = result.dimensions["management"]
    assert dim.score == round_half_up((2 * 200 / 3 + 100 + 50) / 4)  # 70.8 -> 71
    assert (
        dim.band == "established"
        and dim.answered == 3
        and dim.total == 3
        and dim.confidence == 100.0
    )


def test_dont_know_and_not_applicable_leave_the_denominator():
    result = score_answers(
        DEF, {"mission": (None, "dk"), "budget": ("partly", None), "languages": (None, "na")}
    )
    dim = result.dimensions["management"]
    assert dim.score == 50
    assert dim.answered == 1 and dim.total == 3
    assert dim.confidence == 25.0  # weight 1 of 4 really answered


def test_empty_dimension_has_no_score_and_overall_skips_it():
    result = score_answers(DEF, {"budget": ("no", None)})
    assert result.dimensions["participation"].score is None
    assert result.dimensions["participation"].band is None
    assert result.overall == 0
    assert result.dimensions["participation"].confidence == 0.0


def test_multiple_choice_sums_and_caps():
    result = score_answers(DEF, {"formats": (["assembly", "budget", "youth"], None)})
    assert result.dimensions["participation"].score == 100  # 50 + 40 + 30 capped at 100
    result = score_answers(DEF, {"formats": (["youth"], None), "feedback": ("sometimes", None)})
    assert result.dimensions["participation"].score == 40


def test_overall_is_weighted_mean_of_dimensions():
    definition = yaml.safe_load(MINI.read_text())
    definition["dimensions"][1]["weight"] = 3
    result = score_answers(definition, {"budget": ("yes", None), "formats": (["youth"], None)})
    assert (
        result.dimensions["management"].score == 100
        and result.dimensions["participation"].score == 30
    )
    assert result.overall == round_half_up((100 + 3 * 30) / 4)


@pytest.mark.parametrize(
    "x,expected", [(0.5, 1), (1.5, 2), (2.5, 3), (70.49, 70), (70.5, 71), (99.5, 100)]
)
def test_rounding_half_up(x, expected):
    assert round_half_up(x) == expected


def test_bands():
    bands = DEF["score_bands"]
    assert [band_for(bands, s) for s in (0, 39, 40, 59.9, 60, 80, 100)] == [
        "beginning",
        "beginning",
        "developing",
        "developing",
        "established",
        "advanced",
        "advanced",
    ]
    assert band_for(bands, None) is None


def test_number_score_thresholds():
    for value, expected in [(0, 0), (1, 0), (2, 50), (4, 50), (5, 100), (40, 100)]:
        result = score_answers(DEF, {"languages": (value, None)})
        assert result.dimensions["management"].score == expected, value
