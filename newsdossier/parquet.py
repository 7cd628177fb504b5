"""Per-document results as table rows, and back; the fused dossier as one table per export list.

A per-document row holds the `Document` fields as columns (scalars as themselves, anything else
as JSON) and one JSON column for each other field of `DocumentAnalysis`. Everything is derived
from the dataclasses, so fields added to them later travel without changes here. A list of
records is written as ``{"record": "module.Class", "items": [...]}``: several of those lists are
annotated as a bare ``list``, so the class has to travel with the data.

`load_parquet` (behind `build --from-parquet`) reads the rows that `spark-build` wrote into a
store. Only pyarrow is needed here, not Spark.
"""
from __future__ import annotations

import importlib
import json
import types
from dataclasses import asdict, fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Union, get_args, get_origin, get_type_hints

from .records import Document, DocumentAnalysis

ANALYSES, PROBLEMS, DOSSIER = "analyses", "problems", "dossier"
_DOC_FIELDS = {f.name for f in fields(Document)}
_SCALARS = {str: "string", bool: "boolean", int: "long", float: "double"}


class ParquetError(RuntimeError):
    pass


def _unwrap_optional(hint):
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


def _columns(cls) -> list[tuple[str, str]]:
    hints = get_type_hints(cls)
    return [(f.name, _SCALARS.get(_unwrap_optional(hints[f.name]), "json")) for f in fields(cls)]


@lru_cache(maxsize=1)
def analysis_columns() -> list[tuple[str, str]]:
    """(name, type) of a per-document row: string, boolean, long, double, or json (a JSON string)."""
    doc = _columns(Document)
    rest = [c for c in _columns(DocumentAnalysis) if c[0] != "document"]
    clash = {n for n, _ in doc} & {n for n, _ in rest}
    if clash:
        raise ParquetError(f"Document and DocumentAnalysis both have fields {sorted(clash)}")
    return doc + rest


def _json(value) -> str:
    if isinstance(value, list) and value and is_dataclass(value[0]):
        cls = type(value[0])
        value = {"record": f"{cls.__module__}.{cls.__qualname__}", "items": [asdict(v) for v in value]}
    elif is_dataclass(value):
        value = asdict(value)
    return json.dumps(value, ensure_ascii=False)


def analysis_row(analysis: DocumentAnalysis) -> tuple:
    """One row, in `analysis_columns` order."""
    row = []
    for name, kind in analysis_columns():
        value = getattr(analysis.document if name in _DOC_FIELDS else analysis, name)
        row.append(_json(value) if kind == "json" and value is not None else value)
    return tuple(row)


def analysis_from_row(row: dict) -> DocumentAnalysis:
    """The `DocumentAnalysis` a row was made from (columns it lacks take their defaults)."""
    kinds = dict(analysis_columns())
    values = {}
    for name, value in row.items():
        if name not in kinds:  # written by a newer version: nothing here would read it
            continue
        values[name] = json.loads(value) if kinds[name] == "json" and value is not None else value
    document = _build(Document, {k: v for k, v in values.items() if k in _DOC_FIELDS})
    rest = {k: v for k, v in values.items() if k not in _DOC_FIELDS}
    return _build(DocumentAnalysis, {**rest, "document": document})


def _build(cls, data: dict):
    hints = get_type_hints(cls)
    return cls(**{f.name: _coerce(hints[f.name], data[f.name]) for f in fields(cls) if f.name in data})


def _record_class(name: str):
    module, _, qualname = name.rpartition(".")
    if not (module == __package__ or module.startswith(__package__ + ".")):
        raise ParquetError(f"record class {name!r} is not one of {__package__}'s")
    return getattr(importlib.import_module(module), qualname)


def _coerce(hint, value):
    """`value` as read from JSON, turned back into what `hint` describes (tuples, dataclasses)."""
    if value is None or hint is None:
        return value
    if isinstance(value, dict) and set(value) == {"record", "items"}:
        cls = _record_class(value["record"])
        return [_coerce(cls, item) for item in value["items"]]
    hint = _unwrap_optional(hint)
    origin, args = get_origin(hint), get_args(hint)
    if is_dataclass(hint) and isinstance(value, dict):
        return value if isinstance(value, hint) else _build(hint, value)
    if origin is tuple and isinstance(value, (list, tuple)):
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_coerce(args[0], v) for v in value)
        if len(args) == len(value):
            return tuple(_coerce(a, v) for a, v in zip(args, value))
        return tuple(value)
    if origin is list and isinstance(value, list) and args:
        return [_coerce(args[0], v) for v in value]
    return value


# ---- the fused dossier as tables ----------------------------------------------------------
def table_columns(rows: list[dict], empty_columns: Iterable[str]) -> list[tuple[str, str]]:
    """(name, type) for one export list: the keys in order, typed by their values; nested values
    (spans, lists, objects) and columns of mixed types are JSON, as in the CSV export."""
    names: list[str] = []
    for row in rows:
        names.extend(k for k in row if k not in names)
    if not rows:
        names = list(empty_columns)
    columns = []
    for name in names:
        seen = {type(r.get(name)) for r in rows if r.get(name) is not None}
        if not seen:
            kind = "string"
        elif seen <= {str}:
            kind = "string"
        elif seen <= {bool}:
            kind = "boolean"
        elif seen <= {int}:
            kind = "long"
        elif seen <= {int, float}:
            kind = "double"
        else:
            kind = "json"
        columns.append((name, kind))
    return columns


def table_rows(rows: list[dict], columns: list[tuple[str, str]]) -> list[tuple]:
    out = []
    for row in rows:
        values = []
        for name, kind in columns:
            value = row.get(name)
            if value is not None and kind == "json":
                value = json.dumps(value, ensure_ascii=False)
            elif value is not None and kind == "double":
                value = float(value)
            values.append(value)
        out.append(tuple(values))
    return out


# ---- build --from-parquet -------------------------------------------------------------------
def _dataset_dir(folder: Path, name: str) -> Path:
    """`folder/name` of a spark-build output, or `folder` itself when it is that dataset."""
    inside = folder / name
    return inside if inside.is_dir() else folder


def iter_analyses(folder: Path, batch_rows: int = 64) -> Iterator[list[DocumentAnalysis]]:
    """Batches of the per-document results under `folder` (spark-build's --out, or its analyses/)."""
    import pyarrow.dataset as ds

    path = _dataset_dir(folder, ANALYSES)
    try:
        dataset = ds.dataset(str(path), format="parquet")
        names = set(dataset.schema.names)
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise ParquetError(f"{path}: not a Parquet dataset ({exc})") from exc
    if not {"id", "source", "text"} <= names:
        raise ParquetError(f"{path}: not spark-build's per-document results (no id, source, text columns)")
    for batch in dataset.to_batches(batch_size=batch_rows):
        yield [analysis_from_row(row) for row in batch.to_pylist()]


def read_problems(folder: Path) -> list:
    """The inputs spark-build could not use (an empty list when it wrote none)."""
    import pyarrow.dataset as ds

    from .ingest import Problem

    path = folder / PROBLEMS
    if not path.is_dir():
        return []
    return [Problem(r["source"], r["reason"]) for r in ds.dataset(str(path), format="parquet").to_table().to_pylist()]


def load_parquet(folder: Path, store, on_progress=None):
    """Add the per-document results under `folder` to `store` (documents it holds already are
    skipped), record spark-build's problems, and re-fuse. Returns a `pipeline.BuildResult`."""
    from .pipeline import BuildResult, refuse
    from .ingest import Problem

    result = BuildResult()
    known = store.known_document_ids()
    for batch in iter_analyses(Path(folder)):
        new = []
        for analysis in batch:
            if analysis.document.id in known:
                result.already_present += 1
                continue
            known.add(analysis.document.id)
            new.append(analysis)
            if analysis.error:
                result.notes.append(Problem(analysis.document.source, analysis.error))
        store.add_analyses(new)  # one transaction a batch, as in `build`
        result.added += len(new)
        if on_progress and new:
            on_progress(new[-1].document.source, result.added)
    result.problems = read_problems(Path(folder))
    store.record_problems(result.problems)
    if result.added or not store.is_fused():
        refuse(store)
    return result
