"""Real files for the evidence tests, and a real clamd to scan them.

clamd is Debian's clamav-daemon, started by the tests with a signature database made
here: freshclam cannot reach the signature mirrors on these machines, so ``sigtool --md5``
turns the EICAR test file into a one-line .hdb signature, and clamd then really scans and
reports FOUND. Under CI (CI=true) a missing clamd fails instead of skipping.
"""

from __future__ import annotations

import atexit
import functools
import io
import os
import random
import shutil
import socket
import subprocess
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

import pillow_heif
import pytest
from PIL import Image, ImageDraw, ImageFilter
from pypdf import PdfWriter

from app.services.evidence.clamav import ClamdClient

# The EICAR anti-virus test file: harmless, and every scanner reports it.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
CLAMD = Path("/usr/sbin/clamd")
SIGTOOL = Path("/usr/bin/sigtool")


def document_photo(width: int = 1200, height: int = 1600, *, blur: float = 0, fmt: str = "JPEG", exif: Image.Exif | None = None) -> bytes:
    """A picture of a page of text, sharp or blurred."""
    image = Image.new("RGB", (width, height), (235, 230, 220))
    draw = ImageDraw.Draw(image)
    for y in range(40, height - 40, 30):
        draw.text((40, y), "Payslip week 32 gross pay 412.50 tax 0.00 national insurance 12.30", fill="black")
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    out = io.BytesIO()
    image.save(out, fmt, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


def heic_photo(width: int = 1200, height: int = 1600, *, blur: float = 0, exif: Image.Exif | None = None) -> bytes:
    """A real HEIC (HEVC in HEIF, what iPhones save), encoded by libheif through pillow-heif."""
    pillow_heif.register_heif_opener()
    return document_photo(width, height, blur=blur, fmt="HEIF", exif=exif)


@functools.cache
def huge_png(width: int, height: int) -> bytes:
    """A valid RGB PNG of ``width`` x ``height`` black pixels, built a row at a time so that making
    it takes little memory: 88 megapixels compress to under 300 kB but decode to 264 MB."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    packer = zlib.compressobj(9)
    row = bytes(1 + 3 * width)  # filter type 0, then the row's pixels
    compressed = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", compressed) + chunk(b"IEND", b"")


def exif_with_location_and_rotation() -> Image.Exif:
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif[0x0110] = "Test phone"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (51.0, 30.0, 0.0)
    gps[3], gps[4] = "W", (0.0, 7.0, 0.0)
    return exif


def minimal_pdf(*, encrypted: bool = False, catalog: bytes = b"", page: bytes = b"", extra: tuple[bytes, ...] = ()) -> bytes:
    """A small valid one-page PDF, its cross-reference table worked out.

    ``catalog`` and ``page`` add entries to the document catalog and the page; ``extra`` adds
    objects numbered from 5 (for the entries to point at).
    """
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R%s >>" % catalog,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R%s >>" % page,
    ]
    text = b"BT /F1 24 Tf 72 720 Td (Tenancy agreement) Tj ET"
    objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text))
    objects += extra
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    encrypt = b" /Encrypt << /Filter /Standard /V 1 /R 2 >>" if encrypted else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, encrypt, xref)
    return bytes(out)


def pdf_with_javascript() -> bytes:
    """Runs JavaScript when opened: an /OpenAction of type /JavaScript."""
    return minimal_pdf(catalog=b" /OpenAction 5 0 R", extra=(b"<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>",))


def pdf_with_launch_action() -> bytes:
    """Starts a program when a link on the page is clicked: a /Launch action."""
    link = b"<< /Type /Annot /Subtype /Link /Rect [0 0 595 842] /A << /S /Launch /F (cmd.exe) >> >>"
    return minimal_pdf(page=b" /Annots [5 0 R]", extra=(link,))


def pdf_with_embedded_file() -> bytes:
    """Carries another file inside it, through the catalog's /EmbeddedFiles name tree."""
    payload = b"MZ not really a program"
    return minimal_pdf(
        catalog=b" /Names << /EmbeddedFiles 5 0 R >>",
        extra=(
            b"<< /Names [(invoice.exe) 6 0 R] >>",
            b"<< /Type /Filespec /F (invoice.exe) /EF << /F 7 0 R >> >>",
            b"<< /Type /EmbeddedFile /Length %d >>\nstream\n%s\nendstream" % (len(payload), payload),
        ),
    )


def pdf_opening_at_its_first_page() -> bytes:
    """An ordinary /OpenAction: show page 1 fitted to the window. Nothing runs."""
    return minimal_pdf(catalog=b" /OpenAction [3 0 R /Fit]")


def written_pdf(*, password: str | None = None) -> bytes:
    """A PDF written by a real PDF library (pypdf): two A4 pages, optionally password-protected."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": "Bank statement"})
    if password is not None:
        writer.encrypt(password, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def zip_with_pdf_marker() -> bytes:
    """A ZIP whose bytes hold "%PDF-" at offset 10 (where the file's date and time go)."""
    data = bytearray(zip_file())
    data[10:15] = b"%PDF-"
    return bytes(data)


def linux_program() -> bytes:
    """The start of an ELF executable, with a PDF header a little way in."""
    return b"\x7fELF\x02\x01\x01" + bytes(9) + b"\x02\x00\x3e\x00" + bytes(44) + b"%PDF-1.7\n" + bytes(200)


def word_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def zip_file() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("payslip.jpg", document_photo(200, 200))
    return out.getvalue()


def windows_program() -> bytes:
    """The start of a PE file: the MZ header, its DOS stub, and a PE signature at 0x80."""
    header = bytearray(b"MZ" + b"\x90\x00" + bytes(56))
    header[0x3C:0x40] = (0x80).to_bytes(4, "little")
    header += b"This program cannot be run in DOS mode.\r\r\n$".ljust(0x80 - len(header), b"\x00")
    return bytes(header) + b"PE\x00\x00" + bytes(random.Random(5).randbytes(400))


WEB_PAGE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def heic_header(width: int, height: int) -> bytes:
    """The boxes an HEIC file starts with: ftyp, then meta holding an ispe (image size)."""
    ftyp = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"
    ispe = (20).to_bytes(4, "big") + b"ispe" + bytes(4) + width.to_bytes(4, "big") + height.to_bytes(4, "big")
    meta = (12 + len(ispe)).to_bytes(4, "big") + b"meta" + bytes(4) + ispe
    return ftyp + meta + bytes(200)


# ------------------------------------------------------------------ a real clamd

_running: dict[str, object] = {}


def start_clamd() -> ClamdClient:
    """One clamd for this test process, stopped when the process ends."""
    if "client" in _running:
        return _running["client"]  # type: ignore[return-value]
    if not CLAMD.exists() or not SIGTOOL.exists():
        message = "clamd is not installed (apt-get install clamav-daemon clamav)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    # A short folder name: unix socket paths are limited to about 100 bytes.
    folder = Path(tempfile.mkdtemp(prefix="clamd-"))
    (folder / "db").mkdir()
    (folder / "eicar.com").write_bytes(EICAR)
    signature = subprocess.run([str(SIGTOOL), "--md5", "eicar.com"], cwd=folder, check=True, capture_output=True).stdout
    (folder / "db" / "test.hdb").write_bytes(signature)
    socket_path = folder / "clamd.sock"
    port = _free_port()
    (folder / "clamd.conf").write_text(
        f"LocalSocket {socket_path}\nDatabaseDirectory {folder / 'db'}\nForeground yes\n"
        f"TemporaryDirectory {folder}\nLogFile {folder / 'clamd.log'}\nLogSyslog no\n"
        f"TCPSocket {port}\nTCPAddr 127.0.0.1\nStreamMaxLength 30M\nSelfCheck 3600\n"
    )
    process = subprocess.Popen([str(CLAMD), "-c", str(folder / "clamd.conf")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop() -> None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(folder, ignore_errors=True)

    atexit.register(stop)
    client = ClamdClient(socket_path=str(socket_path), timeout=30)
    deadline = time.monotonic() + 60
    while not client.ping():
        if process.poll() is not None or time.monotonic() > deadline:
            log = (folder / "clamd.log").read_text() if (folder / "clamd.log").exists() else ""
            pytest.fail(f"clamd did not start: {log[-2000:]}")
        time.sleep(0.1)
    _running["client"] = client
    _running["tcp"] = ClamdClient(host="127.0.0.1", port=port, timeout=30)
    _running["stop"] = stop
    return client


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def clamd() -> ClamdClient:
    """The test clamd over its unix socket."""
    return start_clamd()


@pytest.fixture(scope="session")
def clamd_tcp() -> ClamdClient:
    """The same clamd over TCP."""
    start_clamd()
    return _running["tcp"]  # type: ignore[return-value]
