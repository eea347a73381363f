"""Data kinerja for machines: the package descriptor as JSON, schema.org
`Dataset` JSON-LD for each data page, and a site-wide DCAT catalogue
(`data.json`, the DCAT-US 1.1 layout that CKAN's ckanext-dcat harvests).

URLs are absolute when the site has a real `site_url`; otherwise they are
relative to the file that holds them (the page for JSON-LD, the site root
for data.json), so they still resolve when the site lives under a sub-path.
"""
from __future__ import annotations

import json
import posixpath
from typing import Any

import yaml

from .. import paths
from ..model import District, Portal
from . import monev
from .model import KinerjaPackage

DESCRIPTOR_JSON = "datapackage.json"
CATALOGUE = paths.DATA_CATALOGUE
MEDIA_TYPES = {".csv": "text/csv", ".json": "application/json", ".yaml": "application/yaml", ".zip": "application/zip"}
LICENSE_URLS = {"CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/", "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/"}


def descriptor_json(package: KinerjaPackage) -> bytes:
    """datapackage.yaml as datapackage.json, same content, so tools that only
    read JSON descriptors (CKAN, data.europa) take the package as it is."""
    source = next(f for f in package.files if f.name.endswith((".yaml", ".yml")))
    descriptor = yaml.safe_load(source.data.decode("utf-8-sig"))
    return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


absolute = paths.public_url


def _license_url(package: KinerjaPackage) -> str:
    for lic in package.licenses:
        if lic.path.startswith(("https://", "http://")):
            return lic.path
        if lic.name in LICENSE_URLS:
            return LICENSE_URLS[lic.name]
    return ""


def _temporal(package: KinerjaPackage) -> str:
    years = package.years
    if not years:
        return ""
    return f"{years[0]}-01-01/{years[-1]}-12-31"


def _monev_keywords(package: KinerjaPackage) -> list[str]:
    """A package with monev.csv also publishes the monitoring and evaluation of its SOPs."""
    return ["monitoring dan evaluasi SOP"] if any(f.name == monev.FILE for f in package.files) else []


def _title(district: District, package: KinerjaPackage) -> str:
    return package.title or f"Data Kinerja Kecamatan {district.name}"


def dataset_jsonld(district: District, package: KinerjaPackage, page_url: str,
                   downloads: list[tuple[str, str]]) -> dict[str, Any]:
    """schema.org Dataset of one package; `downloads` are (file name, URL)."""
    dataset: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": _title(district, package),
        "description": package.description or _title(district, package),
        "url": page_url,
        "inLanguage": "id",
        "isAccessibleForFree": True,
        "keywords": ["data kinerja", "indikator kinerja utama", "SAKIP", f"Kecamatan {district.name}",
                     f"Kabupaten {district.regency}"] + _monev_keywords(package) + (["data contoh"] if package.is_sample else []),
        "creator": {"@type": "GovernmentOrganization", "name": f"Kecamatan {district.name}, Kabupaten {district.regency}"},
        "spatialCoverage": {"@type": "Place", "name": f"Kecamatan {district.name}, Kabupaten {district.regency}, Indonesia"},
        "variableMeasured": [indicator.name for indicator in package.indicators],
        "distribution": [
            {"@type": "DataDownload", "name": name, "contentUrl": url,
             "encodingFormat": MEDIA_TYPES.get(posixpath.splitext(name)[1], "application/octet-stream")}
            for name, url in downloads
        ],
    }
    license_url = _license_url(package)
    if license_url:
        dataset["license"] = license_url
    if package.data_date:
        dataset["dateModified"] = package.data_date.isoformat()
    if temporal := _temporal(package):
        dataset["temporalCoverage"] = temporal
    return dataset


def script_tag_json(data: dict[str, Any]) -> str:
    """JSON safe to put inside <script>: no "</script>" or "<!--" can close it."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def catalogue(portal: Portal, packages: dict[str, KinerjaPackage], site_url: str,
              page_of: dict[str, str], files_of: dict[str, list[str]]) -> bytes:
    """DCAT-US 1.1 `data.json`: one dataset per kecamatan package.
    `page_of` and `files_of` give, per District.path, the site-root
    relative path of its data page and of its downloads."""
    datasets = []
    for district in portal.districts:
        package = packages.get(district.path)
        if package is None:
            continue
        page = absolute(site_url, page_of[district.path])
        entry: dict[str, Any] = {
            "@type": "dcat:Dataset",
            "identifier": page,
            "title": _title(district, package),
            "description": package.description or _title(district, package),
            "keyword": ["data kinerja", "SAKIP", district.name, district.regency] + _monev_keywords(package)
            + (["data contoh"] if package.is_sample else []),
            "modified": package.data_date.isoformat() if package.data_date else "",
            "publisher": {"@type": "org:Organization", "name": f"Kecamatan {district.name}, Kabupaten {district.regency}"},
            "accessLevel": "public",
            "language": ["id"],
            "landingPage": page,
            "spatial": f"Kecamatan {district.name}, Kabupaten {district.regency}, Indonesia",
            "distribution": [
                {"@type": "dcat:Distribution", "title": posixpath.basename(path), "downloadURL": absolute(site_url, path),
                 "mediaType": MEDIA_TYPES.get(posixpath.splitext(path)[1], "application/octet-stream")}
                for path in files_of[district.path]
            ],
        }
        if license_url := _license_url(package):
            entry["license"] = license_url
        if temporal := _temporal(package):
            entry["temporal"] = temporal
        datasets.append(entry)
    catalog = {
        "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        "@type": "dcat:Catalog",
        "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
        "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
        "dataset": datasets,
    }
    return (json.dumps(catalog, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
