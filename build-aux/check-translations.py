#!/usr/bin/python3
"""check-translations.py SOURCE-ROOT: every language in po/LINGUAS translates
the whole user interface, as it stands

For each language: its catalogue compiles with msgfmt --check (conversions,
plural forms, headers), has no untranslated or fuzzy message, and holds
every message the sources have now (a template made afresh with xgettext
from po/POTFILES.in, compared with msgcmp) — so a string added to the
interface without its translation fails here, not in front of a Welsh
speaker. The `translations` test (tests/meson.build).
"""

import pathlib
import subprocess
import sys
import tempfile

# as meson's i18n.gettext(preset: 'glib') has them
KEYWORDS = [
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
]


def main():
    root = pathlib.Path(sys.argv[1])
    po = root / "po"
    languages = [line.strip() for line in (po / "LINGUAS").read_text().splitlines()
                 if line.strip() and not line.startswith("#")]
    if not languages:
        print("check-translations: po/LINGUAS lists no language")
        return 0

    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        template = pathlib.Path(scratch) / "cpis-desktop.pot"
        subprocess.run(["xgettext", "--from-code=UTF-8", "--add-comments", "--directory", str(root),
                        "--files-from", str(po / "POTFILES.in"), "--output", str(template)] + KEYWORDS,
                       check=True)
        for language in languages:
            catalogue = po / (language + ".po")
            if not catalogue.exists():
                problems.append(f"{language}: po/{language}.po is not there")
                continue
            compiled = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null",
                                       str(catalogue)], capture_output=True, text=True)
            said = compiled.stderr.strip()
            if compiled.returncode != 0:
                problems.append(f"{language}: msgfmt --check refuses it:\n{said}")
                continue
            if "untranslated" in said or "fuzzy" in said:
                problems.append(f"{language}: not all translated ({said})")
            missing = subprocess.run(["msgcmp", "--use-untranslated", str(catalogue), str(template)],
                                     capture_output=True, text=True)
            if missing.returncode != 0:
                problems.append(f"{language}: messages the interface has now are not in po/{language}.po "
                                f"(msgmerge it with the template):\n{missing.stderr.strip()}")
            print(f"check-translations: {language}: {said}")

    for problem in problems:
        print("check-translations: " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
