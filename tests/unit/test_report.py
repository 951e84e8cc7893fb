"""The pipeline glue: all extractors together, and sentences checked against ambiguous tables."""
import polars as pl

from extract.model import TEXT, Cell, NarrativeFact
from extract.report import extract_frames, extract_report, flag_table_contradictions
from tests.conftest import load_labels


def test_sentence_outside_every_admissible_split_is_flagged():
    glued = Cell("gb2021", "t2", "normdoc", "in_force", None, TEXT, "77132470", 0, 8,
                 candidates=[[77, 13, 2470], [77, 132, 470], [77, 1324, 70]], candidate_values=[70, 470, 2470])
    says_393 = NarrativeFact("pub.normdoc.in_force", 393, 20, 23, "现行有效行政规范性文件393件")
    says_470 = NarrativeFact("pub.normdoc.in_force", 470, 30, 33, "现行有效行政规范性文件470件")
    other_measure = NarrativeFact("pub.normdoc.issued", 393, 40, 43, "本年度制发393件")
    flag_table_contradictions([glued], [says_393, says_470, other_measure])
    assert says_393.contradicts_table
    assert not says_470.contradicts_table
    assert not other_measure.contradicts_table


def test_every_labelled_report_extracts_with_offsets_inside_the_clean_text():
    for label in load_labels():
        ex = extract_report(label["path"].read_text(encoding="utf-8"))
        assert ex.header.template is not None
        for cell in ex.cells:
            assert ex.clean_text[cell.start:cell.end] == cell.raw_text
        for fact in ex.facts:
            assert fact.snippet and 0 <= fact.start <= fact.end <= len(ex.clean_text)


def test_frames_have_one_report_row_per_input_and_fixed_schemas():
    labels = load_labels()[:5]
    frames = extract_frames((lab["id"], lab["path"].name, lab["path"].read_text(encoding="utf-8")) for lab in labels)
    assert frames["reports"].height == 5
    assert frames["reports"]["report_id"].to_list() == [lab["id"] for lab in labels]
    assert frames["table_cells"].schema["value_num"] == pl.Float64
    assert frames["narrative_facts"].schema["contradicts_table"] == pl.Boolean
