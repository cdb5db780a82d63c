#!/usr/bin/env python3
"""check-potfiles.py: po/POTFILES.in lists exactly the files with translatable strings, sorted

xgettext itself decides whether a source has strings (with the keywords of
meson's 'glib' preset), so a file is judged as the template build will judge
it. A source with strings that is not listed would never be translated; a
listed file without any is clutter. Usage: check-potfiles.py SOURCE_ROOT
"""
import pathlib
import subprocess
import sys
import tempfile

# meson's i18n 'glib' preset, as po/meson.build uses it
KEYWORDS = ["_", "N_", "C_:1c,2", "NC_:1c,2", "g_dcgettext:2", "g_dngettext:2,3",
            "g_dpgettext2:2c,3", "ngettext:1,2"]

# Data files are translated through their own rules (msgfmt's desktop and
# ITS support): each one that carries user-visible text is listed by name.
DATA_PATTERNS = ["data/*.desktop.in", "data/*.metainfo.xml.in", "data/*.gschema.xml.in"]
SOURCE_PATTERNS = ["src/**/*.c", "src/**/*.h", "ui/**/*.ui"]


def has_strings(root, path):
    with tempfile.NamedTemporaryFile(suffix=".pot") as pot:
        args = ["xgettext", "--from-code=UTF-8", "--force-po", "--omit-header", "-o", pot.name]
        args += ["--keyword=" + k for k in KEYWORDS]
        if path.endswith(".ui"):
            args.append("--language=Glade")
        result = subprocess.run(args + [path], cwd=root, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"xgettext could not read {path}:\n{result.stderr}")
        return "msgid " in pathlib.Path(pot.name).read_text()


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    lines = (root / "po" / "POTFILES.in").read_text().splitlines()
    listed = [l.strip() for l in lines if l.strip() and not l.startswith("#")]

    wanted = set()
    for pattern in DATA_PATTERNS:
        wanted |= {str(p.relative_to(root)) for p in root.glob(pattern)}
    for pattern in SOURCE_PATTERNS:
        for p in root.glob(pattern):
            relative = str(p.relative_to(root))
            if has_strings(root, relative):
                wanted.add(relative)

    problems = []
    for path in sorted(wanted - set(listed)):
        problems.append(f"{path} has translatable strings but is not in po/POTFILES.in")
    for path in listed:
        if not (root / path).exists():
            problems.append(f"{path} is in po/POTFILES.in but does not exist")
        elif path not in wanted:
            problems.append(f"{path} is in po/POTFILES.in but has no translatable strings")
    if len(set(listed)) != len(listed):
        problems.append("po/POTFILES.in lists a file twice")
    if listed != sorted(listed):
        problems.append("po/POTFILES.in is not sorted; expected:\n  " + "\n  ".join(sorted(set(listed))))

    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"po/POTFILES.in: {len(listed)} files, complete and sorted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
