#!/usr/bin/env python3
"""make-numbered-docx.py — numbered.docx in core/tests/fixtures/forms/:
report.docx with its numerals given by Word's list numbering.

Usage: scripts/make-numbered-docx.py [report.docx numbered.docx]
(by default the two files of core/tests/fixtures/forms/).

The headings 一、…六、 lose their numerals, which come from a list linked to
the Heading2 style (styles.xml numPr -> numbering.xml, chineseCountingThousand
"%1、"); the headings （一）…（五） of section one lose theirs for direct
numPr at level 1 ("（%2）", restarting under each heading); t3's items lose
their "1." runs for a decimal "%1." list, each group after the first a new
w:num restarting it (w:startOverride), as Word's "restart numbering" does."""
import os
import re
import sys
import zipfile

forms = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'core',
                     'tests', 'fixtures', 'forms')
src, dst = (sys.argv[1], sys.argv[2]) if len(sys.argv) == 3 else (
    os.path.join(forms, 'report.docx'), os.path.join(forms, 'numbered.docx'))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

NUMBERING = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<w:numbering xmlns:w="{W}">'
    '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/>'
    '<w:pStyle w:val="Heading2"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCountingThousand"/>'
    '<w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>'
    '</w:abstractNum>'
    '<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl>'
    '</w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    + ''.join(f'<w:num w:numId="{n}"><w:abstractNumId w:val="1"/>'
              '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
              '</w:num>' for n in (3, 4, 5))
    + '</w:numbering>')


def numpr(num, ilvl):
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'


def document(x):
    n = {'h2': 0, 'h3': 0, 'items': 0}

    # headings: drop the numeral run text (一、 / （一）) from the paragraph
    def heading(m):
        p = m.group(0)
        if 'w:val="Heading2"' in p:
            q = re.sub(r'<w:t>[一二三四五六]、', '<w:t>', p, count=1)
            n['h2'] += q != p
            return q
        if 'w:val="Heading3"' in p:
            q = re.sub(r'<w:t>（[一二三四五]）', '<w:t>', p, count=1)
            q = q.replace('<w:pStyle w:val="Heading3"/>',
                          '<w:pStyle w:val="Heading3"/>' + numpr(1, 1), 1)
            n['h3'] += q != p
            return q
        return p
    x = re.sub(r'<w:p>(?:(?!</w:p>).)*?</w:p>', heading, x, flags=re.S)

    # t3's items: a run "N." first in a cell paragraph; a new group at each 1.
    group = [1]

    def item(m):
        p, k = m.group(0), int(m.group(1))
        if k == 1 and n['items']:
            group[0] += 1
        num = 2 if group[0] == 1 else group[0] + 1
        n['items'] += 1
        p = re.sub(r'<w:r><w:rPr></w:rPr><w:t>\d\.</w:t></w:r>', '', p, count=1)
        return p.replace('<w:widowControl w:val="false"/>',
                         '<w:widowControl w:val="false"/>' + numpr(num, 0), 1)
    x = re.sub(r'<w:p>(?:(?!</w:p>).)*?<w:t>(\d)\.</w:t>(?:(?!</w:p>).)*?</w:p>',
               item, x, flags=re.S)
    assert n == {'h2': 6, 'h3': 5, 'items': 19}, n
    return x


def styles(x):
    old = ('<w:style w:type="paragraph" w:styleId="Heading2">')
    i = x.index(old)
    j = x.index('<w:pPr>', i) + len('<w:pPr>')
    return x[:j] + numpr(1, 0).replace('<w:ilvl w:val="0"/>', '') + x[j:]


with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:
    for info in zin.infolist():
        data = zin.read(info.filename)
        if info.filename == 'word/document.xml':
            data = document(data.decode('utf-8')).encode('utf-8')
        elif info.filename == 'word/styles.xml':
            data = styles(data.decode('utf-8')).encode('utf-8')
        elif info.filename == '[Content_Types].xml':
            data = data.replace(b'</Types>', (
                b'<Override PartName="/word/numbering.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
                b'</Types>'))
        elif info.filename == 'word/_rels/document.xml.rels':
            data = data.replace(b'</Relationships>', (
                b'<Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/'
                b'officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
                b'</Relationships>'))
        zout.writestr(info, data)
    # a fixed date: the same input gives the same bytes
    info = zipfile.ZipInfo('word/numbering.xml', date_time=(2025, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    zout.writestr(info, NUMBERING)
