"""Zip members that no reader may open: absolute paths, `..` components and links (a hostile
archive's ways out of the folder it is unpacked in, or onto files it should not reach). Pure checks
over the archive's directory; nothing is unpacked."""
import re
import stat
import zipfile

from annotator.formats.base import FormatError

_DRIVE = re.compile(r"^[A-Za-z]:")


def zip_member_refusal(info: zipfile.ZipInfo) -> str | None:
    """Why this member is refused, or None."""
    name = info.filename
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return "an absolute path"
    if ".." in re.split(r"[/\\]", name):
        return "a '..' path component"
    if "\x00" in name:
        return "a NUL character in its name"
    mode = info.external_attr >> 16
    if info.create_system == 3 and stat.S_ISLNK(mode):  # made on Unix, marked as a symbolic link
        return "a symbolic link"
    return None


def zip_members_check(archive: zipfile.ZipFile, filename: str) -> None:
    """Raises FormatError naming the first refused member of the archive."""
    for info in archive.infolist():
        reason = zip_member_refusal(info)
        if reason:
            raise FormatError(f"{filename}:{info.filename}", None, None,
                              f"zip member {info.filename!r} refused: {reason} (nothing was imported)")
