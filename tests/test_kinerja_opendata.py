"""Data kinerja for machines: datapackage.json, Dataset JSON-LD, data.json."""
from __future__ import annotations

import json
import re

from frictionless import Package

from portal_sop.kinerja.pages import build_kinerja
from portal_sop.paths import public_site_url

from test_kinerja import descriptor, kin  # noqa: F401  (fixture)

PAGE = "contoh/uji-coba/data-kinerja/index.md"
FOLDER = "contoh/uji-coba/unduh/data-kinerja"


def jsonld_of(page: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', page, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def test_json_descriptor_is_the_yaml_one_and_validates(kin, tmp_path):  # noqa: F811
    packages, _ = kin.load()
    files = build_kinerja(kin.portal, packages).assets
    out = tmp_path / "paket"
    out.mkdir()
    for path, data in files.items():
        if path.startswith(FOLDER + "/"):
            (out / path.rsplit("/", 1)[1]).write_bytes(data)
    as_json = json.loads((out / "datapackage.json").read_text("utf-8"))
    assert as_json["name"] == "data-kinerja-uji" and [r["name"] for r in as_json["resources"]] == ["indikator", "target", "realisasi"]
    (out / "datapackage.yaml").unlink()
    report = Package(str(out / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note"])


def test_dataset_jsonld_names_licence_coverage_and_downloads(kin):  # noqa: F811
    packages, _ = kin.load()
    site = build_kinerja(kin.portal, packages)
    data = jsonld_of(site.pages[PAGE])
    assert data["@context"] == "https://schema.org" and data["@type"] == "Dataset"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert data["temporalCoverage"] == "2024-01-01/2024-12-31"
    assert "data contoh" in data["keywords"]
    urls = {d["name"]: d["contentUrl"] for d in data["distribution"]}
    assert {"datapackage.json", "datapackage.yaml", "indikator.csv", "target.csv", "realisasi.csv"} <= set(urls)
    # No real site URL: links relative to the page, which lives at contoh/uji-coba/data-kinerja/.
    assert urls["indikator.csv"] == "../unduh/data-kinerja/indikator.csv"
    assert all(f"contoh/uji-coba/{u.removeprefix('../')}" in site.assets for u in urls.values())


def test_real_site_url_gives_absolute_urls_and_placeholder_does_not(kin):  # noqa: F811
    packages, _ = kin.load()
    real = build_kinerja(kin.portal, packages, site_url="https://sop.contoh.go.id/portal/")
    data = jsonld_of(real.pages[PAGE])
    assert data["url"] == "https://sop.contoh.go.id/portal/contoh/uji-coba/data-kinerja/"
    assert all(d["contentUrl"].startswith("https://sop.contoh.go.id/portal/contoh/uji-coba/unduh/") for d in data["distribution"])
    placeholder = build_kinerja(kin.portal, packages, site_url="https://portal-sop.example.id/")
    assert "example.id" not in placeholder.pages[PAGE]
    assert b"example.id" not in placeholder.assets["data.json"]
    assert public_site_url("http://localhost:8000/") == "" and public_site_url("https://sop.contoh.go.id/") == "https://sop.contoh.go.id/"


def test_catalogue_lists_every_package_with_downloads_that_exist(kin):  # noqa: F811
    packages, _ = kin.load()
    site = build_kinerja(kin.portal, packages)
    catalogue = json.loads(site.assets["data.json"])
    assert catalogue["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    (dataset,) = catalogue["dataset"]
    assert dataset["title"] == "Data Kinerja Kecamatan Uji Coba (data contoh)"
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["landingPage"] == "contoh/uji-coba/data-kinerja/"
    for distribution in dataset["distribution"]:
        assert distribution["downloadURL"] in site.assets


def test_hostile_description_cannot_close_the_script_block(kin):  # noqa: F811
    hostile = 'Data contoh </script><script>alert(1)</script> <!-- & "kutip"'
    kin.write(package=descriptor(description=hostile))
    packages, _ = kin.load()
    page = build_kinerja(kin.portal, packages).pages[PAGE]
    block = page[page.index('<script type="application/ld+json">'):]
    assert block.count("</script>") == 1 and "<script>alert" not in block
    assert jsonld_of(page)["description"] == hostile
