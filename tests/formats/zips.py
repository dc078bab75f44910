"""A zip archive in memory, as a user uploads one: {member name: text or bytes}."""
import io
import zipfile


def zip_of(files: dict) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def zipped(files: dict) -> bytes:
    """The zip's bytes (what detection reads)."""
    return zip_of(files).getvalue()
