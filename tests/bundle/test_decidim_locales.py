"""The Decidim import file for the city's locales: a title and a body column per locale (the default first,
as Decidim requires), Decidim's locale names, the CSV separator it expects, JSON keys that flatten to the
same columns."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from cocity_workshop.__main__ import main
from cocity_workshop.bundle.decidim import DecidimFormat, csv_file, json_file
from cocity_workshop.i18n import LANGUAGES
from cocity_workshop.session import WorkshopSession


def _flatten(item: dict[str, dict[str, str]]) -> dict[str, str]:
    """Decidim's reading of a JSON proposal: nested keys joined with "/" ("title/cs")."""
    return {f"{field}/{locale}": text for field, values in item.items() for locale, text in values.items()}


def test_default_is_the_workshops_language_with_semicolons(tmp_path: Path) -> None:
    """Without a choice: the workshop's language only, ``;``-separated, required header first."""
    with WorkshopSession.create(tmp_path / "d.cocity", title="Workshop v Plzni", language="cs") as session:
        session.add_idea("Lavičky u řeky, prosím", "Více stínu")
        data = csv_file(session.snapshot(), "cs")
    assert data.data.decode("utf-8").splitlines()[0] == "title/cs;body/cs"
    assert data.dialect == {"delimiter": ";"}


@pytest.mark.skipif(not {"zh_Hant", "ar"} <= set(LANGUAGES), reason="needs the Chinese and Arabic catalogues")
def test_several_locales_and_a_comma(tmp_path: Path) -> None:
    """Czech (default), Traditional Chinese and Arabic: six columns in Decidim's names, the participant's
    words the same in each, our sentences in each language; the JSON flattens to the CSV's columns."""
    options = DecidimFormat(("cs", "zh-TW", "ar"), ",")
    with WorkshopSession.create(tmp_path / "d.cocity", title="Workshop v Plzni", language="cs") as session:
        session.add_idea("Lavičky u řeky, prosím", "Více stínu")
        snapshot = session.snapshot()
        table = csv_file(snapshot, "cs", options)
        items = json.loads(json_file(snapshot, "cs", options).data)
    rows = list(csv.DictReader(io.StringIO(table.data.decode("utf-8")), delimiter=","))
    assert list(rows[0]) == ["title/cs", "title/zh-TW", "title/ar", "body/cs", "body/zh-TW", "body/ar"]
    assert table.dialect == {"delimiter": ","}
    (row,) = rows
    assert row["title/cs"] == row["title/zh-TW"] == row["title/ar"] == "Lavičky u řeky, prosím"
    assert all("Více stínu" in row[f"body/{loc}"] for loc in ("cs", "zh-TW", "ar"))
    assert "workshopu" in row["body/cs"]
    assert any("\u4e00" <= c <= "\u9fff" for c in row["body/zh-TW"])
    assert any("\u0600" <= c <= "\u06ff" for c in row["body/ar"])
    assert [_flatten(item) for item in items] == rows


def test_only_semicolon_or_comma() -> None:
    """Decidim reads ``;`` (the default) or a comma; anything else is refused."""
    with pytest.raises(ValueError, match="separator"):
        DecidimFormat((), "\t")


def test_export_command_takes_the_citys_locales(demo_file_en: Path, tmp_path: Path) -> None:
    """``export --decidim-locales cs,en --decidim-separator ,`` writes that file, and the bundle verifies."""
    bundle = tmp_path / "b.zip"
    assert (
        main(["export", str(demo_file_en), "-o", str(bundle), "--decidim-locales", "cs,en", "--decidim-separator", ","])
        == 0
    )
    with zipfile.ZipFile(bundle) as archive:
        name = next(n for n in archive.namelist() if n.endswith("decidim-proposals.csv"))
        header = archive.read(name).decode("utf-8").splitlines()[0]
        package = json.loads(archive.read(next(n for n in archive.namelist() if n.endswith("datapackage.json"))))
    assert header == "title/cs,title/en,body/cs,body/en"
    resource = next(r for r in package["resources"] if r["name"] == "decidim-proposals")
    assert resource["dialect"]["delimiter"] == ","
    assert main(["verify", str(bundle)]) == 0
    assert main(["export", str(demo_file_en), "-o", str(tmp_path / "c.zip"), "--decidim-locales", "xx"]) == 2
