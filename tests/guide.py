#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The user guide (docs/panduan) holds together: index.html is well-formed
(xmllint parses it as XML: the page is written so that it can be), every
picture and link it names exists, every picture in gambar/ is shown, every
picture has its words (alt), the sections the treasurer, the kepala dusun
and the field officer look for are there, each with a picture, and the
pictures are the copies make-pictures.sh makes of the UI tests' own.

Usage: guide.py SOURCE_DIR"""
import os
import subprocess
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

# one per step of a disbursement round, in the guide's order
REQUIRED = [
    "siapkan-desa", "impor", "kartu", "paket", "gabung", "ganda", "laporan",
    "ringkasan", "pengaduan", "meja", "lapangan",
]


class Guide(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = set()
        self.links = []          # (href, line)
        self.images = []         # (src, alt, line, sections open)
        self.sections = []       # ids of the <section>s open here
        self.stack = []          # tag names, to know which </section> closes
        self.lang = None
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        line = self.getpos()[0]
        if "id" in a:
            if a["id"] in self.ids:
                fail(f"index.html:{line}: id “{a['id']}” is used twice")
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "script":
            self.scripts += 1
        if tag == "section":
            self.sections.append(a.get("id"))
        if tag == "a" and "href" in a:
            self.links.append((a["href"], line))
        if tag == "link" and "href" in a:
            self.links.append((a["href"], line))
        if tag == "img":
            self.images.append((a.get("src"), a.get("alt"), line, list(self.sections)))
        if tag not in ("img", "meta", "link", "br", "hr"):
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        while self.stack:
            open_tag = self.stack.pop()
            if open_tag == "section":
                self.sections.pop()
            if open_tag == tag:
                break


errors = []


def fail(message):
    errors.append(message)


def main():
    src = sys.argv[1]
    guide_dir = os.path.join(src, "docs", "panduan")
    index = os.path.join(guide_dir, "index.html")

    # well-formed, as XML
    xml = subprocess.run(["xmllint", "--noout", "--nonet", index], capture_output=True, text=True)
    if xml.returncode != 0:
        fail("index.html is not well-formed:\n" + xml.stderr)

    with open(index, encoding="utf-8") as f:
        text = f.read()
    page = Guide()
    page.feed(text)
    page.close()

    if page.lang != "id":
        fail(f"<html lang> is “{page.lang}”, not “id”")
    if page.scripts:
        fail("index.html has <script>: the guide opens without JavaScript")

    # every link: inside the page, or a file beside it; nothing from outside
    for href, line in page.links:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            fail(f"index.html:{line}: {href} is outside the guide (it must open offline)")
            continue
        if parts.path:
            if not os.path.isfile(os.path.join(guide_dir, unquote(parts.path))):
                fail(f"index.html:{line}: {href} does not exist")
        elif parts.fragment and parts.fragment not in page.ids:
            fail(f"index.html:{line}: #{parts.fragment} is no id of the page")

    # every picture: there, in gambar/, with words for those who cannot see it
    shown = set()
    for src_attr, alt, line, _ in page.images:
        if not src_attr:
            fail(f"index.html:{line}: an <img> without src")
            continue
        path = unquote(urlsplit(src_attr).path)
        if not path.startswith("gambar/"):
            fail(f"index.html:{line}: {src_attr} is not in gambar/")
        if not os.path.isfile(os.path.join(guide_dir, path)):
            fail(f"index.html:{line}: the picture {src_attr} does not exist")
        if not alt or len(alt.strip()) < 10:
            fail(f"index.html:{line}: {src_attr} has no alt text that says what it shows")
        shown.add(os.path.basename(path))
    pictures = set(os.listdir(os.path.join(guide_dir, "gambar")))
    for name in sorted(pictures - shown):
        fail(f"gambar/{name} is not shown anywhere in index.html")

    # the steps, each with a picture of its own
    for section in REQUIRED:
        if section not in page.ids:
            fail(f"the section id=“{section}” is missing")
            continue
        if not any(section in open_sections for _, _, _, open_sections in page.images):
            fail(f"the section id=“{section}” has no picture")

    # the pictures are the UI tests' own, copied, not edited by hand
    check = subprocess.run([os.path.join(guide_dir, "make-pictures.sh"), "--check"],
                           capture_output=True, text=True)
    if check.returncode != 0:
        fail(check.stderr.strip())

    if errors:
        for e in errors:
            print("FAIL: " + e, file=sys.stderr)
        return 1
    print(f"# index.html: {len(page.images)} pictures, {len(page.links)} links, "
          f"{len(REQUIRED)} sections checked", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
