"""Photos cannot exhaust memory: the pixel count is read from the file's header and a photo
over the limit is refused before any decoding; the checks work on a reduced copy; and only a
few photos are decoded at once."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

from app.services.evidence.checks import CheckedFile, Policy, Rejection, check_file, decoding_slots
from tests.services.evidence_support import document_photo, huge_png

TOO_LARGE = (
    "The selected photo is too large to check: it has {mp} megapixels and the most we can take is {limit}. "
    "Take it again at a lower resolution"
)
MEASURE = """
import json, resource, sys
from app.services.evidence.checks import Policy, check_file
data = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = check_file(data, policy=Policy(max_bytes=10_000_000), scanner=None)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"reason": getattr(result, "reason", "kept"), "message": getattr(result, "message", ""), "grew_kb": after - before}))
"""


def test_an_88_megapixel_png_is_refused_with_a_clear_message_without_using_much_memory(tmp_path: Path) -> None:
    bomb = huge_png(11_000, 8_000)
    assert len(bomb) < 500_000  # small on the wire...
    path = tmp_path / "bomb.png"
    path.write_bytes(bomb)
    # ...but 264 MB once decoded. Measured in a fresh process, whose peak memory is its own.
    run = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    outcome = json.loads(run.stdout.strip().splitlines()[-1])
    assert outcome["reason"] == "too_many_pixels"
    assert outcome["message"] == TOO_LARGE.format(mp=88, limit=40)
    assert outcome["grew_kb"] < 200_000


def test_the_pixel_limit_is_a_setting_and_a_photo_at_it_is_accepted() -> None:
    photo = document_photo(1000, 1200)
    assert isinstance(check_file(photo, policy=Policy(max_pixels=1_200_000), scanner=None), CheckedFile)
    refused = check_file(photo, policy=Policy(max_pixels=1_199_999), scanner=None)
    assert isinstance(refused, Rejection) and refused.reason == "too_many_pixels"
    assert refused.message == TOO_LARGE.format(mp="1.2", limit="1.2")


def test_a_large_sharp_photo_is_measured_on_a_reduced_copy_and_kept_at_full_size() -> None:
    result = check_file(document_photo(3000, 4000), policy=Policy(), scanner=None)
    assert isinstance(result, CheckedFile) and result.notices == ()
    assert (result.width, result.height) == (3000, 4000)


def test_photos_wait_for_a_free_decoding_slot() -> None:
    policy = Policy(checks_at_once=1)
    slots = decoding_slots(policy.checks_at_once)
    done = threading.Event()
    results = []

    def upload() -> None:
        results.append(check_file(document_photo(), policy=policy, scanner=None))
        done.set()

    with slots:  # another upload is being decoded
        worker = threading.Thread(target=upload)
        worker.start()
        assert not done.wait(1.0)  # still waiting for the slot
    worker.join()
    assert done.is_set() and isinstance(results[0], CheckedFile)
