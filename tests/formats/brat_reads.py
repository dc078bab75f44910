"""How other tools read brat files, for the tests: brat's server, pybrat, and our default export."""
import io


def brat_reads(txt: bytes, ann: bytes) -> list[tuple[str, str]]:
    """(label, covered text) of each T line as brat's server reads the files: codecs.open(path, "rU",
    encoding="utf8") drops the universal-newline flag, so the .txt is decoded as it is."""
    return _covered(txt.decode("utf-8"), ann)


def pybrat_reads(txt: bytes, ann: bytes) -> list[tuple[str, str]]:
    """The same as a Python text-mode reader sees it (pybrat: open(txt).read()): universal newlines."""
    return _covered(io.TextIOWrapper(io.BytesIO(txt), encoding="utf-8").read(), ann)


def _covered(text: str, ann: bytes) -> list[tuple[str, str]]:
    found = []
    for line in ann.decode("utf-8").splitlines():
        if line.startswith("T"):
            label, *offsets = line.split("\t")[1].replace(";", " ").split()
            numbers = [int(n) for n in offsets]
            found.append((label, text[min(numbers):max(numbers)]))
    return found


def lf_position(text: str, position: int, *, end: bool) -> int:
    """Where `position` lands once CRLFs are one LF: an edge inside a CRLF takes the whole line break."""
    before = text[:position]
    landed = len(before) - before.count("\r\n")
    if before.endswith("\r") and text[position:position + 1] == "\n":
        landed += 0 if end else -1
    return landed


def as_brat_reads(record: dict) -> tuple[str, set, set]:
    """The text, spans and relations a default (newlines=lf) brat export holds for a record."""
    text = record["text"]
    moved = {span["id"]: (lf_position(text, span["start"], end=False), lf_position(text, span["end"], end=True),
                          span["label"]) for span in record["spans"]}
    relations = {(moved[r["head"]], moved[r["child"]], r["label"]) for r in record["relations"]
                 if r["head"] == r["child"] or moved[r["head"]] != moved[r["child"]]}
    return text.replace("\r\n", "\n").replace("\r", "\n"), set(moved.values()), relations
