"""A home as every caller opens it: the application database (units, target sets, audit) through
the apps' services, and the facts store; and a quarter's evaluation assembled from both.

The command line, the documents and the pages call these functions, so that they all refuse the
same wrong orders (no tree yet, no target set, nothing computed) with the same next step.
Django is set up only by the functions that need it.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from chitieu import wording
from chitieu.catalog import Catalogue, load_catalogue
from chitieu.domain import OrgUnit, Quarter, TargetSet
from chitieu.errors import ChitieuError
from chitieu.evaluation import Evaluation
from chitieu.evaluation.inputs import (
    EvaluationInputs,
    Reconciliation,
    evaluate_inputs,
    read_inputs,
    reconcile_store,
)
from chitieu.facts.failures import StoreAccessError, user_error
from chitieu.facts.postgres import PostgresStore, database_url, unreachable_message
from chitieu.facts.store import SCRATCH_DIR, FactsStore, open_store, store_exists
from chitieu.units import UnitTree

APP_DATABASE = "chitieu.sqlite3"
"""The embedded application database's file in a home."""


class _Access:
    """Whether ``facts_of`` opens the store only to read unless told otherwise (set by the
    command line for the commands that never write: they then run beside each other, and in a
    read-only home)."""

    read_only = False


def read_facts_only(value: bool = True) -> None:
    """Make ``facts_of`` open the facts store read-only by default in this process."""
    _Access.read_only = value


def check_home(home: Path) -> None:
    """Refuse, in one sentence, a home that cannot be a folder: a file, or under one."""
    for place in (home, *home.parents):
        if place.exists():
            if not place.is_dir():
                why = "là một tệp" if place == home else f"nằm dưới {place}, là một tệp"
                raise StoreAccessError(
                    f"thư mục dữ liệu {home} {why}, không phải thư mục; hãy chỉ --home tới một "
                    "thư mục"
                )
            return


def home_exists(home: Path) -> bool:
    """Whether the home has been set up: an application database to read (always, on a server)."""
    return database_url() is not None or (home / APP_DATABASE).exists()


def use_app_database(home: Path, *, create: bool = True) -> None:
    """Point this process's Django at the home's application database. With ``create`` (the
    commands that write) a new home is made; without it (the commands that only read) a home
    that does not exist is refused, and nothing is written into the working folder."""
    if not create and not home_exists(home):
        raise ChitieuError(
            f"Chưa có thư mục dữ liệu {home}; hãy dựng cây đơn vị trước: "
            f"{wording.command('chitieu', 'units', 'build', '--province', 'TÊN TỈNH', '--structure', 'legacy', home=home)}"
            " (hoặc chỉ đúng thư mục bằng --home)"
        )
    check_home(home)
    from django.db import Error as DatabaseError  # noqa: PLC0415 — Django only when needed

    from chitieu.app.bootstrap import use_home  # noqa: PLC0415

    url = database_url()
    try:
        use_home(home)
    except DatabaseError as error:
        if url is not None:
            raise StoreAccessError(unreachable_message(url, error)) from error
        mapped = user_error(error)
        if mapped is not None:
            raise mapped from error
        raise


def units_of(home: Path, *, create: bool = True) -> list[OrgUnit]:
    """The home's stored unit tree (empty when none was built or loaded)."""
    use_app_database(home, create=create)
    from chitieu.app.orgunits.services import all_units  # noqa: PLC0415

    return all_units()


def require_units(home: Path) -> list[OrgUnit]:
    """The home's units; a clear error, with the next step, when the home has none yet (and
    nothing created when the home does not exist)."""
    units = units_of(home, create=False) if home_exists(home) else []
    if not units:
        raise ChitieuError(
            f"Thư mục dữ liệu {home} chưa có cây đơn vị; hãy chạy trước "
            f"«{wording.command('chitieu', 'units', 'build', '--province', 'TÊN TỈNH', '--structure', 'legacy', home=home)}» "
            f"hoặc «{wording.command('chitieu', 'units', 'load', 'TỆP.csv', home=home)}»"
        )
    return units


def require_tree(home: Path) -> UnitTree:
    """The home's unit tree (see ``require_units``)."""
    return UnitTree(require_units(home))


@cache
def catalogue() -> Catalogue:
    """The built-in indicator catalogue."""
    return load_catalogue()


@contextmanager
def facts_of(home: Path, *, read_only: bool | None = None) -> Iterator[FactsStore]:
    """The facts store, closed afterwards: PostgreSQL when ``DATABASE_URL`` names a server,
    else the home's DuckDB file — ``read_only`` (by default as ``read_facts_only`` said) shared
    with other readers, waiting while an import writes it."""
    check_home(home)
    url = database_url()
    reading = _Access.read_only if read_only is None else read_only
    store: FactsStore = (
        open_store(home, read_only=reading and store_exists(home))
        if url is None
        else PostgresStore(url, scratch=home.resolve() / SCRATCH_DIR)
    )
    try:
        yield store
    finally:
        store.close()


def has_facts(home: Path) -> bool:
    """Whether there is a facts store to read: always on a server, else once the home's file
    exists."""
    return database_url() is not None or store_exists(home)


def creates_facts(home: Path) -> bool:
    """Whether opening the facts store would create the home's DuckDB file (a refused import
    then removes it again, so that the home is left as it was)."""
    return not has_facts(home)


def actor() -> str:
    """Who makes a change from the command line, for the audit trail and import history."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"cli:{user}"


@dataclass(frozen=True, slots=True)
class HomeEvaluation:
    """A quarter's evaluation of a home, with what it was computed from."""

    inputs: EvaluationInputs
    evaluation: Evaluation

    @property
    def tree(self) -> UnitTree:
        """The unit tree the evaluation was made on."""
        return self.inputs.tree


def evaluation_inputs(home: Path, quarter: Quarter) -> EvaluationInputs:
    """Everything ``quarter``'s evaluation needs, from the home: refused, with the next step,
    when the home has no tree, no target set for the year, no facts or nothing computed."""
    tree = require_tree(home)
    from chitieu.app.targets.services import (  # noqa: PLC0415 — Django
        current_target_set,
        overrides,
    )

    target_set = current_target_set(quarter.year)
    if target_set is None:
        raise ChitieuError(
            f"Chưa có bộ chỉ tiêu năm {quarter.year}; hãy nhập quyết định giao chỉ tiêu trước: "
            f"«{wording.command('chitieu', 'decision', 'import', 'TỆP_QUYẾT_ĐỊNH', home=home)}»"
        )
    if not has_facts(home):
        raise ChitieuError(
            f"Thư mục dữ liệu {home} chưa có dữ liệu nào; hãy nạp dữ liệu rồi tính: "
            f"«{wording.command('chitieu', 'ingest', 'dossiers', 'TỆP', home=home)}», rồi "
            f"«{wording.command('chitieu', 'compute', '--year', str(quarter.year), home=home)}»"
        )
    with facts_of(home, read_only=True) as store:
        inputs = read_inputs(
            store,
            catalogue(),
            quarter=quarter,
            target_set=target_set,
            tree=tree,
            overrides=overrides(quarter.year),
        )
    if not inputs.has_values:
        raise ChitieuError(
            f"Chưa có giá trị chỉ số nào của năm {quarter.year}; hãy tính trước: "
            f"«{wording.command('chitieu', 'compute', '--year', str(quarter.year), home=home)}»"
        )
    return inputs


def evaluate_home(home: Path, quarter: Quarter, *, today: date | None = None) -> HomeEvaluation:
    """``quarter``'s evaluation of the home (provisional while the quarter has not ended)."""
    inputs = evaluation_inputs(home, quarter)
    return HomeEvaluation(inputs, evaluate_inputs(inputs, today=today))


def target_set_of(home: Path, year: int) -> TargetSet | None:
    """The target set in force for ``year`` (``None`` without one), for lookups by task."""
    use_app_database(home, create=False)
    from chitieu.app.targets.services import current_target_set  # noqa: PLC0415

    return current_target_set(year)


def reconcile_home(
    home: Path, quarter: Quarter | None, threshold: float
) -> tuple[Reconciliation, UnitTree]:
    """Our values against the portal's in the home (see ``evaluation.inputs.reconcile_store``)."""
    tree = require_tree(home)
    if not has_facts(home):
        raise ChitieuError(
            f"Thư mục dữ liệu {home} chưa có dữ liệu nào; hãy nạp số liệu của Cổng DVCQG: "
            f"«{wording.command('chitieu', 'ingest', 'dvcqg', 'TỆP…', home=home)}»"
        )
    with facts_of(home, read_only=True) as store:
        result = reconcile_store(store, catalogue(), tree, quarter=quarter, threshold=threshold)
    return result, tree
