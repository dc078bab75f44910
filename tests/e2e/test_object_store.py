"""The browser with files on a real S3-compatible server (tests/object_store.py): carol imports a file
on the Import page, exports from the dashboard and downloads the zip; what the browser saves is the
object in the bucket, the offsets of the text intact, and nothing was kept in MEDIA_ROOT."""
import io
import json
import zipfile
from pathlib import Path

from playwright.sync_api import expect

from annotator.models import Export
from tests.object_store import local_files

SHOTS = Path("/work/notes/shots/i19d")
TEXT = "Zoë 😀 met 東京 officials.\r\nCafe\u0301 agreed."


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_import_export_and_download_in_the_browser_through_the_store(page, login, project, users, eager, tmp_path,
                                                                     object_store, settings):
    upload = tmp_path / "articles.jsonl"
    start = TEXT.index("東京")  # 10: a code point offset (😀 counts one)
    records = [{"text": TEXT, "spans": [{"start": 0, "end": 3, "label": "PERSON"},
                                        {"start": start, "end": start + 2, "label": "GPE"}]},
               {"text": "Second.", "spans": []}]
    upload.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    login("carol")
    page.goto(f"/projects/{project.pk}/import/")
    page.set_input_files("#import-file", str(upload))
    page.select_option("#import-as", "gold")
    page.click("#import-start")
    expect(page.locator("#import-status")).to_have_attribute("data-status", "succeeded")
    expect(page.locator("#import-detail")).to_contain_text("2 documents created")
    shot(page, "import-done-object-store")

    page.goto(f"/projects/{project.pk}/dashboard/")
    page.wait_for_selector("#dashboard[data-state=ready]")
    page.select_option(".export-form__format", "jsonl")
    page.click("[data-action=export]")
    download_link = page.locator(".exports-table a", has_text="Download")
    expect(download_link).to_be_visible()
    shot(page, "dashboard-export-object-store")
    with page.expect_download() as caught:
        download_link.click()
    saved = Path(caught.value.path()).read_bytes()

    export = Export.objects.get(project=project)
    assert saved == object_store.get(f"{object_store.prefix}/{export.file.name}")
    with zipfile.ZipFile(io.BytesIO(saved)) as archive:
        lines = [json.loads(line) for name in archive.namelist() if name.endswith(".jsonl")
                 for line in archive.read(name).decode("utf-8").splitlines()]
    assert sorted(line["text"] for line in lines) == sorted([TEXT, "Second."])
    first = next(line for line in lines if line["text"] == TEXT)
    assert [(s["start"], s["end"], s["text"]) for s in first["spans"]] == [(0, 3, "Zoë"), (start, start + 2, "東京")]
    assert not local_files(settings.MEDIA_ROOT)
