"""Indicators at scale: each case's part of every indicator, packed, then counted.

Evaluating every indicator of a technology on every case's answers is the slow
part of a computation (JSON parsing and Python predicates: about 140 s for the
forty cardio indicators over 100,000 cases). A case's part of an indicator —
admitted or not, counted or incomplete, in the numerator or not, its value,
the day its window elapses — depends only on its answers, not on the period or
the day of computation. So it is computed once per case revision
(:meth:`Layout.evaluate`), packed into a few bytes per indicator and kept in
the store (``indicator_outcomes``); a figure is then a matter of masks over
arrays (:meth:`Layout.figure`): which cases fall in the period and institution,
which windows have elapsed by ``as_of``.

The packed parts are a cache, never the record: the ``fingerprint`` covers the
technology's indicator definitions (their predicates' text, kinds, windows,
strata) and the plugin version, and a case whose current revision or whose
fingerprint differs is evaluated again from its answers. The figures are the
same as :func:`rtech.indicators.compute.compute_indicator`'s, case ids and
order included (a property test holds them equal).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np

from rtech.answers import get_path
from rtech.indicators.compute import (
    _INCOMPLETE,
    _LOST,
    _NOT_YET,
    Figure,
    IndicatorResult,
    StructureData,
    _part,
    _patient_key,
    _per_patient,
    _structure,
)
from rtech.indicators.model import Indicator, IndicatorKind, Per

__all__ = ["Layout", "Packed"]

#: Status of a case for one indicator.
OUT, UNDECIDED_DENOMINATOR, INCOMPLETE, COUNTED, COUNTED_TRUE, LOST = range(6)
_FAR = date.max
_SEPARATOR = "\x1f"
_EPOCH = date(1970, 1, 1).toordinal()  # datetime64[D] counts days from 1970-01-01


def _describe(indicator: Indicator) -> str:
    """Everything about an indicator that changes what a case contributes."""
    parts = [
        indicator.id,
        indicator.kind.value,
        indicator.denominator.text,
        indicator.per.value,
        repr(indicator.observe),
        repr(indicator.limit),
    ]
    for part in (
        indicator.numerator,
        indicator.value,
        indicator.numerator_value,
        indicator.denominator_value,
    ):
        parts.append("" if part is None else part.text)
    if indicator.survival is not None:
        parts.append(repr(indicator.survival))
    if indicator.stratify is not None:
        parts.append(indicator.stratify.path)
    return "\x1e".join(parts)


@dataclass
class Packed:
    """The packed parts of a set of cases, in case order."""

    ids: np.ndarray  # int64 case ids
    institutions: np.ndarray  # int64
    discharged: np.ndarray  # int64 ordinal days (0: no discharge date)
    parts: np.ndarray  # structured, one record per case
    strata: list[str]  # per case: the stratifier values, joined by _SEPARATOR
    patients: list[str]

    def __post_init__(self) -> None:
        self._columns: dict[int, np.ndarray] = {}

    def stratum_column(self, index: int) -> np.ndarray:
        """Each case's value of the ``index``-th stratifier path (object array)."""
        if index not in self._columns:
            values = [s.split(_SEPARATOR)[index] for s in self.strata]
            self._columns[index] = np.array(values, dtype=object)
        return self._columns[index]


class Layout:
    """How the indicators of one technology pack a case's parts."""

    def __init__(self, technology: str, indicators: Sequence[Indicator], version: str) -> None:
        unique: dict[str, Indicator] = {}
        for indicator in indicators:
            described = _describe(indicator)
            unique.setdefault(described, indicator)
        self.technology = technology
        self.indicators = list(unique.values())
        # Judged as if every window had elapsed; the figure applies ``as_of``.
        self._windowless = [
            replace(i, observe=None) if i.observe is not None else i for i in self.indicators
        ]
        self.position = {id(ind): i for i, ind in enumerate(self.indicators)}
        self._index = {d: i for i, d in enumerate(unique)}
        self.stratifiers = sorted(
            {i.stratify.path for i in self.indicators if i.stratify is not None}
        )
        self.per_patient = any(i.per is Per.PATIENT for i in self.indicators)
        fields: list[tuple[str, str]] = []
        for n, indicator in enumerate(self.indicators):
            fields.append((f"s{n}", "u1"))
            if indicator.observe is not None or indicator.survival is not None:
                fields.append((f"m{n}", "<i4"))
            if indicator.kind in (IndicatorKind.MEAN, IndicatorKind.DURATION):
                fields.append((f"v{n}", "<f8"))
            if indicator.kind is IndicatorKind.RATIO:
                fields.extend(((f"t{n}", "<f8"), (f"b{n}", "<f8")))
        self.dtype = np.dtype(fields)
        digest = hashlib.sha256(
            "\x1d".join([technology, version, *unique, *self.stratifiers]).encode()
        )
        self.fingerprint = digest.hexdigest()

    def index_of(self, indicator: Indicator) -> int:
        found = self.position.get(id(indicator))
        return self._index[_describe(indicator)] if found is None else found

    # -- one case ---------------------------------------------------------

    def evaluate(self, answers: Mapping[str, Any], case_id: int) -> tuple[bytes, str, str]:
        """A case's packed parts, its strata and its patient."""
        record = np.zeros(1, dtype=self.dtype)
        for n, indicator in enumerate(self.indicators):
            admitted = indicator.denominator(answers)
            if admitted is None:
                record[f"s{n}"] = UNDECIDED_DENOMINATOR
                continue
            if not admitted:
                continue
            if indicator.kind is IndicatorKind.STRUCTURE:
                record[f"s{n}"] = COUNTED
                continue
            record[f"s{n}"] = self._status(indicator, n, answers, record)
        strata = _SEPARATOR.join(_stratum(answers, path) for path in self.stratifiers)
        patient = _patient_key(answers, case_id) if self.per_patient else ""
        return record.tobytes(), strata, patient

    def _status(
        self, indicator: Indicator, n: int, answers: Mapping[str, Any], record: np.ndarray
    ) -> int:
        if indicator.survival is not None:
            from rtech.indicators.events import _as_day

            start = _as_day(get_path(answers, indicator.survival.anchor))
            if start is not None:
                matures = start.toordinal() + indicator.survival.horizon_days
                record[f"m{n}"] = min(matures, _FAR.toordinal())
        elif indicator.observe is not None:
            matures_on = indicator.observe.matures_on(answers)
            if matures_on is None:
                return INCOMPLETE
            record[f"m{n}"] = matures_on.toordinal()
        part = _part(self._windowless[n], answers, _FAR)
        if part in (_INCOMPLETE, _NOT_YET):
            return INCOMPLETE
        if part == _LOST:
            return LOST
        assert not isinstance(part, str)
        top, bottom, number = part
        kind = indicator.kind
        if kind in (IndicatorKind.MEAN, IndicatorKind.DURATION):
            record[f"v{n}"] = number
        if kind is IndicatorKind.RATIO:
            record[f"t{n}"], record[f"b{n}"] = top, bottom
            return COUNTED_TRUE if top else COUNTED
        return COUNTED_TRUE if top else COUNTED

    # -- many cases ---------------------------------------------------------

    def pack(
        self,
        rows: Sequence[tuple[int, int, date | str | None, bytes, str, str]],
    ) -> Packed:
        """Packed parts of ``rows`` (case id, institution, discharge, data, strata, patient)."""
        count = len(rows)
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=count)
        institutions = np.fromiter((r[1] for r in rows), dtype=np.int64, count=count)
        days = np.array([r[2] for r in rows], dtype="datetime64[D]")  # dates or ISO text
        discharged = np.where(np.isnat(days), 0, days.astype(np.int64) + _EPOCH)
        data = b"".join(r[3] for r in rows)
        parts = np.frombuffer(data, dtype=self.dtype) if data else np.zeros(0, self.dtype)
        strata = [r[4] for r in rows] if self.stratifiers else []
        patients = [r[5] for r in rows] if self.per_patient else []
        return Packed(ids, institutions, discharged, parts, strata, patients)

    def figure(
        self,
        indicator: Indicator,
        packed: Packed,
        mask: np.ndarray,
        *,
        as_of: date,
        aggregate: float | None = None,
        structure: StructureData | None = None,
        case_ids: bool = True,
    ) -> IndicatorResult:
        """The indicator over the cases ``mask`` selects: the same figures as
        :func:`~rtech.indicators.compute.compute_indicator`."""
        n = self.index_of(indicator)
        status = packed.parts[f"s{n}"]
        # Patients are told apart by their cases: a per-patient rate needs the ids.
        per_patient = indicator.per is Per.PATIENT
        ids = case_ids or per_patient
        overall = self._figure(indicator, n, packed, mask, status, as_of, ids, overall=True)
        overall.aggregate = aggregate
        if indicator.kind is IndicatorKind.STRUCTURE:
            _structure(indicator, overall, structure or StructureData())
            if not case_ids:
                overall.denominator_case_ids = []
            return IndicatorResult(indicator, overall, [])
        strata: list[Figure] = []
        stratifier = indicator.stratify
        if stratifier is not None:
            values = packed.stratum_column(self.stratifiers.index(stratifier.path))
            admitted = values[mask & (status >= INCOMPLETE)]
            found, first = np.unique(admitted.astype(str), return_index=True)
            keys: dict[str, None] = dict.fromkeys(stratifier.labels)
            for key in found[np.argsort(first, kind="stable")].tolist():
                keys.setdefault(key, None)
            for key in keys:
                chosen = mask & (values == key)
                figure = self._figure(indicator, n, packed, chosen, status, as_of, ids)
                figure.key = key
                figure.label = stratifier.labels.get(key, key or "未填写")
                strata.append(figure)
        if per_patient:
            patients = dict(zip(packed.ids.tolist(), packed.patients, strict=True))
            overall = _per_patient(overall, patients)
            strata = [_per_patient(f, patients) for f in strata]
            if not case_ids:
                for figure in (overall, *strata):
                    figure.numerator_case_ids, figure.denominator_case_ids = [], []
                    figure.incomplete_case_ids, figure.not_observable_case_ids = [], []
        return IndicatorResult(indicator, overall, strata)

    def _figure(
        self,
        indicator: Indicator,
        n: int,
        packed: Packed,
        mask: np.ndarray,
        status: np.ndarray,
        as_of: date,
        case_ids: bool,
        *,
        overall: bool = False,
    ) -> Figure:
        """One figure; only the overall one lists the cases whose denominator
        cannot be decided (a stratum never sees them, as in the row engine)."""
        kind = indicator.kind
        admitted = mask & (status >= INCOMPLETE)
        if f"m{n}" in (self.dtype.names or ()):
            not_yet = admitted & (packed.parts[f"m{n}"] > as_of.toordinal())
        else:
            not_yet = np.zeros_like(admitted)
        live = admitted & ~not_yet
        incomplete = live & (status == INCOMPLETE)
        if overall:
            incomplete |= mask & (status == UNDECIDED_DENOMINATOR)
        lost = live & (status == LOST)
        counted = live & ((status == COUNTED) | (status == COUNTED_TRUE))
        figure = Figure()
        ids = packed.ids
        if kind is IndicatorKind.STRUCTURE:
            if case_ids:
                figure.denominator_case_ids = ids[admitted].tolist()
                figure.incomplete_case_ids = ids[incomplete].tolist()
            else:  # the staff ratio divides by the count of these cases
                figure.denominator_case_ids = [0] * int(admitted.sum())
            return figure
        in_denominator = counted
        if kind is IndicatorKind.SURVIVAL:
            assert indicator.survival is not None
            if indicator.survival.lost == "dead":
                in_denominator = counted | lost
        in_numerator = in_denominator & (status == COUNTED_TRUE)
        # Sums in case order, one by one, as the row engine adds them.
        if kind is IndicatorKind.RATIO:
            figure.numerator = float(sum(packed.parts[f"t{n}"][in_denominator].tolist()))
            figure.denominator = float(sum(packed.parts[f"b{n}"][in_denominator].tolist()))
        elif kind is IndicatorKind.MEAN:
            figure.numerator = float(sum(packed.parts[f"v{n}"][in_denominator].tolist()))
            figure.denominator = int(in_denominator.sum())
            in_numerator = in_denominator
        else:
            figure.numerator = int(in_numerator.sum())
            figure.denominator = int(in_denominator.sum())
        if kind is IndicatorKind.DURATION:  # the median needs every interval
            values = packed.parts[f"v{n}"][in_denominator].tolist()
            figure.case_values = dict(zip(ids[in_denominator].tolist(), values, strict=True))
        if not case_ids:
            return figure
        figure.numerator_case_ids = ids[in_numerator].tolist()
        figure.denominator_case_ids = ids[in_denominator].tolist()
        figure.incomplete_case_ids = ids[incomplete].tolist()
        figure.not_observable_case_ids = ids[not_yet].tolist()
        figure.lost_case_ids = ids[lost].tolist()
        if kind is IndicatorKind.MEAN:
            values = packed.parts[f"v{n}"][in_denominator].tolist()
            figure.case_values = dict(zip(figure.denominator_case_ids, values, strict=True))
        return figure


def _stratum(answers: Mapping[str, Any], path: str) -> str:
    raw = get_path(answers, path)
    return "" if raw is None else str(raw)
