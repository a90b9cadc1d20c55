"""Column widths from sample texts: wide enough for a typical value and the (bold) header
with its sort arrow, measured once, so no title or date is cut and no column is sized by
reading every row (ResizeToContents over a lazy model reads them all)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QTableView

PADDING = 20  # cell margins and the grid line
SORT_ARROW = 18


def fit_columns(table: QTableView, samples: Sequence[str | None], *,
                stretch: int | None = None, sortable: bool = True) -> None:
    """Give each column the width of its sample text or its header, whichever is wider;
    `None` leaves a column as it is, and `stretch` takes the room that is left. A column
    the model cannot sort by (a `LazyTableModel` column with `sortable=False`) needs no
    room for the sort arrow."""
    header = table.horizontalHeader()
    cells = table.fontMetrics()
    bold = QFont(header.font())
    bold.setBold(True)
    titles = QFontMetrics(bold)
    model = table.model()
    columns = getattr(model, "columns", None)
    for column, sample in enumerate(samples):
        if column == stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            continue
        if sample is None:
            continue
        title = str(model.headerData(column, Qt.Orientation.Horizontal,
                                     Qt.ItemDataRole.DisplayRole) or "")
        width = max(cells.horizontalAdvance(sample),
                    titles.horizontalAdvance(title) + (SORT_ARROW if sortable and (
                        columns is None or columns[column].sortable) else 0))
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, width + PADDING)
