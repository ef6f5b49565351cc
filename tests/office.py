"""Make real PDF, Word and HTML files for the input-format tests with LibreOffice (Debian's ``soffice``).

A text is written as a flat OpenDocument file (``.fodt``) with what UN documents carry around their paragraphs —
a running header with the symbol, a footer with the page number, a footnote, soft hyphens in long words — and
LibreOffice converts it, so the readers meet page furniture, footnote markers and hyphenated line ends made by
a real office suite. ``scripts/install-system.sh`` installs LibreOffice and the CJK fonts (CI runs it).
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
SOFT_HYPHEN = "\u00ad"
# LibreOffice's PDF export with a password to open the file.
ENCRYPTED_PDF = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
                 '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
_LONG_WORD = re.compile(r"\b([A-Za-z]{5})([A-Za-z]{5,})\b")

_FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:styles>
  <style:style style:name="Standard" style:family="paragraph">
   <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.2cm"/>
   <style:text-properties fo:font-size="11pt" fo:language="en" fo:country="GB"
    style:font-name-asian="Noto Serif CJK SC" style:font-size-asian="11pt"
    style:language-asian="zh" style:country-asian="CN"/>
  </style:style>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="Right" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="end"/>
  </style:style>
  <style:style style:name="Center" style:family="paragraph" style:parent-style-name="Standard">
   <style:paragraph-properties fo:text-align="center"/>
  </style:style>
  <style:page-layout style:name="A4">
   <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.5cm"
    fo:margin-bottom="1.5cm" fo:margin-left="2.5cm" fo:margin-right="2.5cm"/>
   <style:header-style>
    <style:header-footer-properties fo:min-height="0cm" fo:margin-bottom="0.6cm"/>
   </style:header-style>
   <style:footer-style>
    <style:header-footer-properties fo:min-height="0cm" fo:margin-top="0.6cm"/>
   </style:footer-style>
  </style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="A4">
   <style:header><text:p text:style-name="Right">{header}</text:p></style:header>
   <style:footer><text:p text:style-name="Center">
    <text:page-number text:select-page="current">1</text:page-number>
   </text:p></style:footer>
  </style:master-page>
 </office:master-styles>
 <office:body><office:text>
{body}
 </office:text></office:body>
</office:document>
"""


def write_fodt(lines: list[str], path: Path, *, header: str, footnote: tuple[str, str] | None = None,
               hyphenate: bool = False) -> Path:
    """Write ``lines`` (one paragraph each; blank lines are empty paragraphs) as a flat OpenDocument text.

    :param header: the running header on every page (a UN document's symbol).
    :param footnote: (phrase, note): a footnote is anchored right after the first occurrence of the phrase.
    :param hyphenate: put a soft hyphen into every word of ten letters or more, so lines break inside words.
    """
    paragraphs = []
    pending = footnote
    for line in lines:
        text = escape(line)
        if hyphenate:
            text = _LONG_WORD.sub(lambda m: m.group(1) + SOFT_HYPHEN + m.group(2), text)
        if pending and escape(pending[0]) in text:
            anchor = escape(pending[0])
            note = ('<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation>'
                    f'<text:note-body><text:p>{escape(pending[1])}</text:p></text:note-body></text:note>')
            text = text.replace(anchor, anchor + note, 1)
            pending = None
        paragraphs.append(f'  <text:p text:style-name="Standard">{text}</text:p>')
    path.write_text(_FODT.format(header=escape(header), body="\n".join(paragraphs)), encoding="utf-8")
    return path


def convert(sources: list[Path], target: str, outdir: Path, *, profile: Path) -> None:
    """Convert files with LibreOffice: ``target`` is ``pdf``, ``docx``, ``html`` or a filter with options such as
    :data:`ENCRYPTED_PDF`; the outputs keep the sources' stems.

    :param profile: a LibreOffice user profile folder of this test session (a shared one could be locked).
    """
    assert SOFFICE, "LibreOffice is missing: run scripts/install-system.sh as root"
    command = [SOFFICE, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(outdir), *map(str, sources)]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=300)
    suffix = target.split(":", 1)[0]
    missing = [s.name for s in sources if not (outdir / f"{s.stem}.{suffix}").exists()]
    assert completed.returncode == 0 and not missing, f"soffice failed on {missing}: {completed.stderr[-2000:]}"
