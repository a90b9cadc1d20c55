"""The QApplication's setup: language of Qt's own dialogs, fonts, look."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from rozupe_desk import __version__, config
from rozupe_desk.ui import none_guard

_translators: list[QTranslator] = []


def ensure_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv or ["rozupe-desk"])
    app.setApplicationName(config.APP_NAME)
    app.setOrganizationName(config.APP_AUTHOR)
    app.setApplicationVersion(__version__)
    none_guard.install(app)
    return app


def install_qt_translations(app: QApplication, language: str) -> None:
    """Qt's own words (buttons of standard dialogs, file pickers) in the chosen language."""
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    QLocale.setDefault(QLocale(QLocale.Language.Latvian if language == "lv"
                               else QLocale.Language.English, QLocale.Country.Latvia))
    if language == "en":
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    bundled = config.resources_dir() / "translations"
    for name in ("qtbase", "qt"):
        translator = QTranslator(app)
        if translator.load(f"{name}_{language}", folder) or translator.load(
                f"{name}_{language}", str(bundled)):
            app.installTranslator(translator)
            _translators.append(translator)
