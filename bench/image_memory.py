"""Peak memory and time of checking one uploaded practice image (issue 21, finding 9).

The files are built first; each case then runs in a fresh process, which reads its file, notes its
peak resident memory (ru_maxrss), passes the file through ``portal.practices.images.clean_image`` (what the form and
the admin do with an upload: check, decode, re-encode) and reads the peak during that call. Run it from the
root of the tree to measure (its ``portal`` package is the one imported):

    .venv/bin/python bench/image_memory.py                   # this tree
    cd /work/main && .venv/bin/python /work/wt-21c/bench/image_memory.py   # another tree, e.g. before

It prints one line per case: the file's bytes, the outcome, the seconds, the peak before and
after, and the growth. ``--write`` appends them to bench/RESULTS.md with the command.
"""

import argparse
import io
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CASES = {
    # A photo at the limit: 4,000 x 3,000 (12 megapixels), a smooth JPEG of about 0.3 MB.
    "jpeg-12mp": ("JPEG", (4000, 3000), "RGB"),
    # A logo at the limit, with transparency: 12 megapixels of RGBA as PNG.
    "png-12mp-rgba": ("PNG", (4000, 3000), "RGBA"),
    # The finding's file: 6,300 x 6,300 RGBA (40 megapixels) in about 150 KB of PNG.
    "png-40mp-bomb": ("PNG", (6300, 6300), "RGBA"),
}


def build(image_format: str, size: tuple[int, int], mode: str) -> bytes:
    from PIL import Image

    if image_format == "JPEG":
        # A gradient, so that the JPEG is a realistic few hundred KB rather than nothing.
        gradient = Image.linear_gradient("L").resize(size)
        image = Image.merge("RGB", (gradient, gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT), gradient))
    else:
        image = Image.new(mode, size, (30, 120, 200, 255))
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **({"quality": 88} if image_format == "JPEG" else {}))
    image.close()
    return buffer.getvalue()


def status_mb(field: str) -> float:
    """VmRSS (resident now) or VmHWM (peak resident) of this process, from /proc (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def reset_peak() -> None:
    # Writing 5 to clear_refs resets the peak (VmHWM) to the current resident size (Linux 4.0+).
    Path("/proc/self/clear_refs").write_text("5")


def run_case(name: str, path: Path) -> str:
    """In this (fresh) process: one upload of the case's file through clean_image."""
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from portal.practices.images import clean_image

    data = path.read_bytes()
    upload = SimpleUploadedFile(f"{name}.img", data)
    before = status_mb("VmRSS")
    reset_peak()
    started = time.perf_counter()
    try:
        clean_image(upload)
        outcome = "accepted"
    except ValidationError as error:
        outcome = f"refused ({error.code})"
    seconds = time.perf_counter() - started
    after = status_mb("VmHWM")
    return (
        f"| {name} | {len(data):,} | {outcome} | {seconds:.2f} | {before:.0f} | {after:.0f} | {after - before:+.0f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=CASES, help=argparse.SUPPRESS)  # the child process
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--write", action="store_true", help="append the results to bench/RESULTS.md")
    parser.add_argument("--label", default="", help="what this run measures (e.g. before, after)")
    options = parser.parse_args()
    if options.case:
        print(run_case(options.case, options.file))
        return
    header = [
        "| case | file bytes | outcome | seconds | resident MB before | peak MB during | growth MB |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    lines = []
    with tempfile.TemporaryDirectory() as folder:
        # Built here, not in the measuring process: building a 40 MP file holds its bitmap.
        for name, case in CASES.items():
            Path(folder, name).write_bytes(build(*case))
        for name in CASES:
            child = subprocess.run(  # noqa: S603 (this script, with names of its own)
                [sys.executable, __file__, "--case", name, "--file", str(Path(folder, name))],
                capture_output=True,
                text=True,
                check=True,
                cwd=os.getcwd(),
            )
            lines.append(child.stdout.strip().splitlines()[-1])
    print("\n".join(header + lines))
    if options.write:
        command = shlex.join([".venv/bin/python", *sys.argv])
        section = [
            "",
            f"## Image upload memory {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} {options.label}".rstrip(),
            "",
            f"- Command: `{command}` (run from `{os.getcwd()}`)",
            f"- Python {platform.python_version()}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
            "- Each case in a fresh process: `clean_image` on the file (check, decode, re-encode); VmRSS, then VmHWM.",
            "",
            *header,
            *lines,
        ]
        with open(Path(__file__).with_name("RESULTS.md"), "a") as results:
            results.write("\n".join(section) + "\n")


if __name__ == "__main__":
    main()
