"""Validate a frame against a suite with an ephemeral GE context (GE 1.x has no DuckDB source)."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

import great_expectations as gx
import pandas as pd
import polars as pl
from great_expectations.data_context.types.base import ProgressBarsConfig


@dataclass
class ExpectationOutcome:
    expectation: str
    column: str | None
    success: bool
    unexpected_count: int | None
    unexpected_sample: str | None


@dataclass
class Validation:
    suite: str
    success: bool
    outcomes: list[ExpectationOutcome]

    @property
    def failed(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success]


_context = None


def _batch_definition():
    global _context
    if _context is None:
        _context = gx.get_context(mode="ephemeral")
        _context.variables.progress_bars = ProgressBarsConfig(globally=False)
        source = _context.data_sources.add_pandas("ogi_frames")
        source.add_dataframe_asset("frame").add_batch_definition_whole_dataframe("whole_frame")
    return _context.data_sources.get("ogi_frames").get_asset("frame").get_batch_definition("whole_frame")


def validate(frame: pl.DataFrame | pd.DataFrame, suite: gx.ExpectationSuite) -> Validation:
    """Run every expectation of `suite` on `frame` and say which failed and on what values."""
    df = frame.to_pandas() if isinstance(frame, pl.DataFrame) else frame
    batch = _batch_definition().get_batch(batch_parameters={"dataframe": df})
    result = batch.validate(suite)
    outcomes = []
    for r in result.results:
        kwargs = r.expectation_config.kwargs
        sample = r.result.get("partial_unexpected_list") if r.result else None
        outcomes.append(ExpectationOutcome(
            expectation=r.expectation_config.type,
            column=kwargs.get("column") or kwargs.get("column_A") or ",".join(kwargs.get("column_list", [])) or None,
            success=bool(r.success),
            unexpected_count=(r.result or {}).get("unexpected_count"),
            unexpected_sample=json.dumps(sample[:5], ensure_ascii=False, default=str) if sample else None,
        ))
    return Validation(suite=suite.name, success=bool(result.success), outcomes=outcomes)
