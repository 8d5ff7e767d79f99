"""Parquet files as :class:`data.read_table.RawTable` chunks of text (one per row batch).

Parquet has no lines: row ``i`` is given line ``i + 2``, as if the file were a CSV with its
header on line 1. Floats that are whole numbers read as integers ("46", not "46.0").
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from data.messages import Text, msg
from data.problems import safe_text
from data.read_table import RawTable, ReadError


def parquet_chunks(path: Path, chunksize) -> Iterator[RawTable]:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    name = path.name
    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:
        raise ReadError(name, None, _parquet_error(exc)) from None
    header = [str(n) for n in pf.schema_arrow.names]
    base = dict(file_name=name, encoding=None, header_row=1, format="parquet")
    done = 0
    produced = False
    try:
        for batch in pf.iter_batches(batch_size=chunksize or 65_536):
            columns = {}
            for i, column in enumerate(batch.columns):
                columns[i] = _arrow_text(column, pa, pc)
            frame = pd.DataFrame(columns)
            frame.columns = header
            n = batch.num_rows
            lines = np.arange(done + 2, done + 2 + n, dtype=np.int64)
            done += n
            produced = True
            yield RawTable(frame=frame, line_numbers=lines, **base)
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(name, done + 2, _parquet_error(exc)) from None
    if not produced:
        empty = pd.DataFrame({i: pd.array([], dtype="str") for i in range(len(header))})
        empty.columns = header
        yield RawTable(frame=empty, line_numbers=np.zeros(0, np.int64), **base)


def _arrow_text(column, pa, pc) -> pd.Series:
    kind = column.type
    if pa.types.is_dictionary(kind):
        column = column.dictionary_decode()
        kind = column.type
    try:
        if pa.types.is_floating(kind):
            text = [_float_text(v) for v in column.to_pylist()]
            return pd.Series(pd.array(text, dtype="str"))
        cast = pc.cast(column, pa.string())
        out = pd.Series(cast.to_pandas(), dtype="str").fillna("")
        if pa.types.is_timestamp(kind):
            out = out.str.replace(r" 00:00:00(\.0+)?$", "", regex=True).str.replace(
                r"\.0+$", "", regex=True
            )
        return out.reset_index(drop=True)
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid, TypeError):
        text = ["" if v is None else str(v) for v in column.to_pylist()]
        return pd.Series(pd.array(text, dtype="str"))


def _float_text(value: float | None) -> str:
    if value is None or value != value:  # None or NaN
        return ""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _parquet_error(exc: BaseException) -> Text:
    return msg("read.parquet", system=msg("word.system", text=safe_text(exc)[:200]))
