"""Scoring helpers of the evaluate command (pure)."""

import pytest

from claims.evaluation import PRF, detect_format, iou, match


def test_iou_of_identical_spans_is_one():
    assert iou((0, 10), (0, 10)) == 1.0


def test_iou_of_disjoint_spans_is_zero():
    assert iou((0, 5), (5, 10)) == 0.0


def test_iou_of_half_overlap():
    assert iou((0, 10), (5, 15)) == pytest.approx(5 / 15)


def test_matching_is_one_to_one():
    assert len(match([(0, 10)], [(0, 10), (0, 9)], 0.5)) == 1


def test_matching_respects_the_threshold():
    assert match([(0, 10)], [(8, 30)], 0.5) == []


def test_f1_from_counts():
    prf = PRF(tp=5, n_pred=10, n_gold=5)
    assert (prf.precision, prf.recall) == (0.5, 1.0)
    assert prf.f1 == pytest.approx(2 / 3)


def test_format_detection():
    assert detect_format([{"content_spans": [], "speaker_spans": []}]) == "attribution"
    assert detect_format([{"has_condition": False, "conditions": []}]) == "gum_conditions"
    assert detect_format([{"has_condition": True, "condition_start": 0}]) == "cnc_conditions"
