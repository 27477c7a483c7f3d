/*
 * test_docx_layout.c — the DOCX loader (load/docx.c): paragraphs, tables
 * with merged cells, positions, and hostile or broken containers.
 *
 * The .docx files in fixtures/docx were written by LibreOffice from the
 * .html beside them (soffice --headless --convert-to docx:"MS Word 2007 XML"
 * x.html), so the expected cells are the HTML's, rowspan/colspan laid out by
 * hand.  The
 * other documents are built here as ZIPs with libzip from literal XML.
 * Set NS_DUMP=1 to print every row with its cells and positions.
 */
#include "load/layout.h"
#include "t.h"
#include "tlayout.h"
#include "tzip.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const nsl_limits lim = {64LL << 20, 64LL << 20, 0};

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define DOC(body) \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" \
	"<w:document xmlns:w=\"" W_NS "\" xmlns:mc=\"" MC_NS "\"><w:body>" \
	body "<w:sectPr/></w:body></w:document>"

static char *fixture(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof path, "%s/docx/%s", NS_FIXTURES_DIR, name);
	char *b = t_slurp(path, len);
	CHECK_MSG(b != NULL, "cannot read %s", path);
	return b;
}

/* A DOCX of document.xml, with numbering.xml and styles.xml beside it
 * where they are not NULL. */
static char *docx_parts(const char *xml, const char *numbering,
                        const char *styles, size_t *len)
{
	zent e[4] = {
		{"[Content_Types].xml", "<Types/>", (size_t)-1, 0},
		{"word/document.xml", xml, (size_t)-1, 0},
	};
	int n = 2;
	if (numbering)
		e[n++] = (zent){"word/numbering.xml", numbering, (size_t)-1, 0};
	if (styles)
		e[n++] = (zent){"word/styles.xml", styles, (size_t)-1, 0};
	char *b = make_zip(e, n, len);
	CHECK(b != NULL);
	return b;
}

static char *docx_of(const char *xml, size_t *len)
{
	return docx_parts(xml, NULL, NULL, len);
}

/* Load buf; the layout is left for the caller to inspect and clear. */
static int load(nsl_layout *l, const char *name, const char *buf, size_t len,
                const nsl_limits *lm)
{
	nsl_init(l);
	int rc = nsl_load_docx(l, buf, len, lm);
	t_dump_layout(name, l);
	return rc;
}

static int load_xml(nsl_layout *l, const char *name, const char *xml)
{
	size_t len = 0;
	char *b = docx_of(xml, &len);
	int rc = b ? load(l, name, b, len, &lim) : -1;
	free(b);
	return rc;
}

static int load_parts(nsl_layout *l, const char *name, const char *xml,
                      const char *numbering, const char *styles)
{
	size_t len = 0;
	char *b = docx_parts(xml, numbering, styles, &len);
	int rc = b ? load(l, name, b, len, &lim) : -1;
	free(b);
	return rc;
}

static const nsl_cell *cell(const nsl_layout *l, int row, int i)
{
	if (row >= l->nrows || i >= l->rows[row].ncells)
		return NULL;
	return nsl_row_cell(l, &l->rows[row], i);
}

static const char *txt(const nsl_layout *l, int row, int i)
{
	const nsl_cell *c = cell(l, row, i);
	return c ? c->text : NULL;
}

#define CHECK_POS(l, row, i, ln, cl) do { \
	const nsl_cell *t_c = cell(l, row, i); \
	CHECK_MSG(t_c && t_c->pos.page == 0 && t_c->pos.line == (ln) && \
	          t_c->pos.col == (cl), "row %d cell %d: pos %d:%d, expected " \
	          "%d:%d", row, i, t_c ? t_c->pos.line : -1, \
	          t_c ? t_c->pos.col : -1, ln, cl); \
} while (0)

/* ---- LibreOffice fixtures ---------------------------------------------- */

static void test_report_small(void)
{
	size_t len;
	char *b = fixture("report_small.docx", &len);
	if (!b)
		return;
	nsl_layout l;
	CHECK_INT(load(&l, "report_small.docx", b, len, &lim), NS_OK);
	CHECK_STR(l.media_type, "application/vnd.openxmlformats-officedocument."
	          "wordprocessingml.document");
	CHECK_INT(l.nrows, 14);
	/* paragraphs: runs joined, <br> → w:br → newline */
	CHECK_INT(l.rows[0].grid, 0);
	CHECK_INT(l.rows[0].ncells, 1);
	CHECK_STR(txt(&l, 0, 0), "示例县人民政府2024年政府信息公开工作年度报告");
	CHECK_POS(&l, 0, 0, 1, 1);
	CHECK_STR(txt(&l, 1, 0), "本报告统计期限为2024年1月1日至12月31日。");
	CHECK_STR(txt(&l, 3, 0), "全年主动公开信息623条，\n其中网站21条。");
	CHECK_POS(&l, 3, 0, 4, 1);

	/* the t3 fragment: 10 grid columns in every row */
	for (int r = 5; r <= 11; r++) {
		CHECK_INT(l.rows[r].grid, 1);
		CHECK_INT(l.rows[r].ncells, 10);
	}
	/* corner cell: colspan 3 x rowspan 3, repeated with its own position */
	const char *corner = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
	for (int r = 5; r <= 7; r++)
		for (int c = 0; c < 3; c++) {
			CHECK_STR(txt(&l, r, c), corner);
			CHECK_POS(&l, r, c, 6, 1);
		}
	CHECK_STR(txt(&l, 5, 3), "申请人情况");
	CHECK_STR(txt(&l, 5, 9), "申请人情况");
	CHECK_POS(&l, 5, 9, 6, 4);
	/* 自然人 and 总计 merged down two rows */
	CHECK_STR(txt(&l, 6, 3), "自然人");
	CHECK_POS(&l, 6, 3, 7, 4);
	CHECK_STR(txt(&l, 7, 3), "自然人");
	CHECK_POS(&l, 7, 3, 7, 4);
	CHECK_STR(txt(&l, 7, 9), "总计");
	CHECK_POS(&l, 7, 9, 7, 10);
	CHECK_STR(txt(&l, 6, 4), "法人或其他组织");
	CHECK_STR(txt(&l, 6, 8), "法人或其他组织");
	CHECK_STR(txt(&l, 7, 4), "商业企业");
	CHECK_POS(&l, 7, 4, 8, 5);
	CHECK_STR(txt(&l, 7, 8), "其他");
	/* a data row: label over three columns, then the values */
	CHECK_STR(txt(&l, 8, 0), "一、本年新收政府信息公开申请数量");
	CHECK_STR(txt(&l, 8, 2), "一、本年新收政府信息公开申请数量");
	CHECK_STR(txt(&l, 8, 3), "12");
	CHECK_POS(&l, 8, 3, 9, 4);
	CHECK_STR(txt(&l, 8, 9), "15");
	CHECK_POS(&l, 8, 9, 9, 10);
	/* the group label 三、本年度办理结果 repeated down its three rows */
	for (int r = 9; r <= 11; r++) {
		CHECK_STR(txt(&l, r, 0), "三、本年度办理结果");
		CHECK_POS(&l, r, 0, 10, 1);
	}
	CHECK_STR(txt(&l, 9, 1), "（一）予以公开");
	CHECK_STR(txt(&l, 9, 2), "（一）予以公开");
	CHECK_STR(txt(&l, 10, 1), "（三）不予公开");
	CHECK_STR(txt(&l, 11, 1), "（三）不予公开");
	CHECK_POS(&l, 11, 1, 11, 2);
	CHECK_STR(txt(&l, 10, 2), "1.属于国家秘密");
	/* the blank cell the document left stays an empty cell */
	CHECK_STR(txt(&l, 10, 4), "");
	CHECK_POS(&l, 10, 4, 11, 5);
	CHECK_STR(txt(&l, 11, 2), "2.其他法律行政法规禁止公开");
	CHECK_STR(txt(&l, 11, 3), "1");
	/* paragraphs after the table carry on the block numbering */
	CHECK_INT(l.rows[12].grid, 0);
	CHECK_STR(txt(&l, 12, 0), "六、其他需要报告的事项");
	CHECK_POS(&l, 12, 0, 13, 1);
	CHECK_STR(txt(&l, 13, 0), "本机关未收取信息处理费。");
	nsl_clear(&l);
	free(b);
}

static void test_nested_fixture(void)
{
	size_t len;
	char *b = fixture("nested.docx", &len);
	if (!b)
		return;
	nsl_layout l;
	CHECK_INT(load(&l, "nested.docx", b, len, &lim), NS_OK);
	CHECK_INT(l.nrows, 6);
	CHECK_STR(txt(&l, 0, 0), "外层表格之前");
	/* the outer row first, without the inner table's text... */
	CHECK_INT(l.rows[1].ncells, 2);
	CHECK_STR(txt(&l, 1, 0), "外层A");
	CHECK_STR(txt(&l, 1, 1), "外层B");
	CHECK_POS(&l, 1, 1, 2, 2);
	/* ...then the inner rows as blocks of their own */
	CHECK_STR(txt(&l, 2, 0), "内层1");
	CHECK_STR(txt(&l, 2, 1), "内层2");
	CHECK_POS(&l, 2, 1, 3, 2);
	CHECK_STR(txt(&l, 3, 0), "内层合并");
	CHECK_STR(txt(&l, 3, 1), "内层合并");
	CHECK_POS(&l, 3, 1, 4, 1);
	CHECK_STR(txt(&l, 4, 0), "外层C");
	CHECK_POS(&l, 4, 0, 5, 1);
	CHECK_STR(txt(&l, 5, 0), "外层表格之后");
	CHECK_POS(&l, 5, 0, 6, 1);
	nsl_clear(&l);
	free(b);
}

/* ---- WordprocessingML details, from literal XML ------------------------ */

static void test_runs(void)
{
	nsl_layout l;
	int rc = load_xml(&l, "runs", DOC(
		"<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs>"
		"</w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>一、</w:t></w:r>"
		"<w:r><w:t xml:space=\"preserve\">总体 </w:t><w:tab/>"
		"<w:t>情况</w:t><w:br/><w:t>下一行</w:t></w:r></w:p>"
		"<w:p/>"
		"<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除"
		"</w:delText></w:r></w:del><w:ins><w:r><w:t>插入</w:t></w:r></w:ins>"
		/* hidden text (w:vanish) is not shown; w:vanish w:val=0 is */
		"<w:r><w:rPr><w:vanish/></w:rPr><w:t>9</w:t></w:r>"
		"<w:r><w:rPr><w:vanish w:val=\"true\"/></w:rPr><w:t>隐藏</w:t></w:r>"
		"<w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>显示</w:t></w:r>"
		"<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>"
		" PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/>"
		"</w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/>"
		"</w:r><w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>"
		"<w:sdt><w:sdtPr><w:alias w:val=\"x\"/></w:sdtPr><w:sdtContent>"
		"<w:p><w:r><w:t>内容控件</w:t></w:r></w:p></w:sdtContent></w:sdt>"
		"<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\">"
		"<w:drawing><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p>"
		"</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict>"
		"<w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p>"
		"</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent>"
		"</w:r><w:r><w:t>锚点</w:t></w:r></w:p>"));
	CHECK_INT(rc, NS_OK);
	CHECK_INT(l.nrows, 4);
	/* tab stops in w:pPr are not text; w:tab and w:br are */
	CHECK_STR(txt(&l, 0, 0), "一、总体 \t情况\n下一行");
	CHECK_POS(&l, 0, 0, 1, 1);
	/* the empty paragraph has no row but keeps its block number */
	CHECK_STR(txt(&l, 1, 0), "保留插入显示3链接");
	CHECK_POS(&l, 1, 0, 3, 1);
	CHECK_STR(txt(&l, 2, 0), "内容控件");
	CHECK_POS(&l, 2, 0, 4, 1);
	/* the text box once (its fallback copy skipped), then the anchor run */
	CHECK_STR(txt(&l, 3, 0), "文本框\n锚点");
	CHECK_POS(&l, 3, 0, 5, 1);
	nsl_clear(&l);
}

#define TC(props, text) \
	"<w:tc><w:tcPr>" props "</w:tcPr><w:p><w:r><w:t>" text \
	"</w:t></w:r></w:p></w:tc>"
#define TC0(props) "<w:tc><w:tcPr>" props "</w:tcPr><w:p/></w:tc>"

/* A document wrapped in a table of one cell (a page converted to Word):
 * its paragraphs and tables are read as the body's, not as one cell */
static void test_frame(void)
{
	nsl_layout l;
	int rc = load_xml(&l, "frame", DOC(
		"<w:tbl><w:tr><w:tc>"
		"<w:p><w:r><w:t>某局2024年政府信息公开工作年度报告</w:t></w:r></w:p>"
		"<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>"
		"<w:tbl><w:tr>" TC("", "规章") TC("", "0") "</w:tr></w:tbl>"
		"<w:p><w:r><w:t>二、主动公开政府信息情况</w:t></w:r></w:p>"
		"</w:tc></w:tr></w:tbl>"));
	CHECK_INT(rc, NS_OK);
	CHECK_INT(l.nrows, 4);
	CHECK(l.nrows == 4 && !l.rows[0].grid && !l.rows[1].grid && l.rows[2].grid &&
	      !l.rows[3].grid);
	CHECK_STR(txt(&l, 0, 0), "某局2024年政府信息公开工作年度报告");
	CHECK_STR(txt(&l, 1, 0), "一、总体情况");
	CHECK_STR(txt(&l, 2, 1), "0");
	CHECK_STR(txt(&l, 3, 0), "二、主动公开政府信息情况");
	nsl_clear(&l);
	/* and a value boxed in a table of one cell inside its cell: the
	 * cell's (it became a table after the row, and the cell read blank) */
	rc = load_xml(&l, "boxed", DOC(
		"<w:tbl><w:tr>" TC("", "行政许可")
		"<w:tc><w:tbl><w:tr>" TC("", "4186") "</w:tr></w:tbl><w:p/></w:tc>"
		"</w:tr></w:tbl>"));
	CHECK_INT(rc, NS_OK);
	CHECK_INT(l.nrows, 1);
	CHECK_STR(txt(&l, 0, 0), "行政许可");
	CHECK_STR(txt(&l, 0, 1), "4186");
	nsl_clear(&l);
}

/* A document made of imported HTML (w:altChunk, as html-docx-js and the
 * OpenXML SDK write it): the part it names (an MHT message, quoted-
 * printable; a message of one part in base64) is read as HTML, its rows
 * laid in where the altChunk stands.  Its content was lost, and a document
 * made all of one refused ("DOCX body has no text"). */
static void test_alt_chunk(void)
{
	static const char rels[] =
		"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/"
		"package/2006/relationships\"><Relationship Id=\"htmlChunk\" Type=\"http://schemas."
		"openxmlformats.org/officeDocument/2006/relationships/aFChunk\" Target=\"/word/"
		"afchunk.mht\"/><Relationship Id=\"c2\" Type=\"http://schemas.openxmlformats.org/"
		"officeDocument/2006/relationships/aFChunk\" Target=\"six.htm\"/></Relationships>";
	/* =E4=B8=80 is 一; a soft line break inside 总体情况; =3D is = */
	static const char mht[] =
		"MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n"
		"    type=\"text/html\";\r\n    boundary=\"----=mhtDocumentPart\"\r\n\r\n\r\n"
		"------=mhtDocumentPart\r\nContent-Type: text/html;\r\n    charset=\"utf-8\"\r\n"
		"Content-Transfer-Encoding: quoted-printable\r\n"
		"Content-Location: file:///C:/fake/document.html\r\n\r\n"
		"<html><body><p>=E4=B8=80=E3=80=81=E6=80=BB=E4=BD=93=E6=83=85=\r\n=E5=86=B5</p>"
		"<table border=3D\"1\"><tr><td>=E8=A7=84=E7=AB=A0</td><td>3</td></tr></table>"
		"</body></html>\r\n\r\n------=mhtDocumentPart--\r\n";
	/* a message of one part, in base64 (broken over two lines) */
	static const char six[] = "Content-Type: text/html; charset=utf-8\r\n"
		"Content-Transfer-Encoding: base64\r\n\r\nPHA+5YWt44CB5YW25LuW\r\n6ZyA6KaB5oql5ZGK55qE5LqL6aG5PC9wPg==\r\n";
	const char *doc = "<?xml version=\"1.0\"?><w:document xmlns:w=\"" W_NS "\" "
		"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
		"<w:body><w:altChunk r:id=\"htmlChunk\"/><w:p><w:r><w:t>正文</w:t></w:r></w:p>"
		"<w:altChunk r:id=\"c2\"/><w:sectPr/></w:body></w:document>";
	zent e[] = {{"word/document.xml", doc, (size_t)-1, 0},
	            {"word/_rels/document.xml.rels", rels, (size_t)-1, 0},
	            {"word/afchunk.mht", mht, (size_t)-1, 0},
	            {"word/six.htm", six, (size_t)-1, 0}};
	size_t len = 0;
	char *b = make_zip(e, 4, &len);
	nsl_layout l;
	int rc = b ? load(&l, "altChunk", b, len, &lim) : -1;
	CHECK_INT(rc, NS_OK);
	CHECK_INT(l.nrows, 4);
	CHECK_STR(txt(&l, 0, 0), "一、总体情况");
	CHECK(l.nrows > 1 && l.rows[1].grid);
	CHECK_STR(txt(&l, 1, 0), "规章");
	CHECK_STR(txt(&l, 1, 1), "3");
	CHECK_STR(txt(&l, 2, 0), "正文");
	CHECK_STR(txt(&l, 3, 0), "六、其他需要报告的事项");
	nsl_clear(&l);
	free(b);
}

/* A chunk referenced again and again is read once (each reference parsed
 * it anew: a 20 KB file with one 4 MB chunk named a thousand times ran into
 * the load's time limit), and laid in at each; an RTF chunk (Word imports
 * those too) is no HTML: its source was read as the document's text. */
static void test_alt_chunk_repeated(void)
{
	static const char rels[] =
		"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/"
		"package/2006/relationships\"><Relationship Id=\"c1\" Type=\"http://schemas."
		"openxmlformats.org/officeDocument/2006/relationships/aFChunk\" Target=\"c1.htm\"/>"
		"<Relationship Id=\"c2\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
		"2006/relationships/aFChunk\" Target=\"c2.rtf\"/></Relationships>";
	static const char rtf[] = "{\\rtf1\\ansi\\ansicpg936 \\fs24 4186\\par}";
	size_t big = 4u << 20;
	char *html = malloc(big + 64);
	char *doc = malloc(20000 * 24 + 512);
	if (!html || !doc) {
		free(html);
		free(doc);
		CHECK(0);
		return;
	}
	size_t k = (size_t)sprintf(html, "<html><body><p>x</p>");
	while (k + 13 < big)
		k += (size_t)sprintf(html + k, "<span></span>");
	sprintf(html + k, "</body></html>");
	k = (size_t)sprintf(doc, "<?xml version=\"1.0\"?><w:document xmlns:w=\"" W_NS "\" "
		"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
		"<w:body><w:altChunk r:id=\"c2\"/>");
	for (int i = 0; i < 20000; i++)
		k += (size_t)sprintf(doc + k, "<w:altChunk r:id=\"c1\"/>");
	sprintf(doc + k, "<w:sectPr/></w:body></w:document>");
	zent e[] = {{"word/document.xml", doc, (size_t)-1, 0},
	            {"word/_rels/document.xml.rels", rels, (size_t)-1, 0},
	            {"word/c1.htm", html, (size_t)-1, 0},
	            {"word/c2.rtf", rtf, (size_t)-1, 0}};
	size_t len = 0;
	char *b = make_zip(e, 4, &len);
	nsl_layout l;
	time_t t0 = time(NULL);
	int rc = b ? load(&l, "altChunk repeated", b, len, &lim) : -1;
	CHECK_INT(rc, NS_OK);
	CHECK_MSG(time(NULL) - t0 < 10, "%lld s", (long long)(time(NULL) - t0));
	CHECK_INT(l.nrows, 20000);
	CHECK_STR(txt(&l, 0, 0), "x");
	nsl_clear(&l);
	free(b);
	free(html);
	free(doc);
}

/* The main part where the package's relationships say (_rels/.rels), as
 * Word finds it: "the ZIP has no word/document.xml" refused a document
 * whose writer named it word/main.xml.  Without that relationship, the
 * usual name, as with it pointing nowhere, or at another part beside
 * word/document.xml (it was refused: "no w:body"). */
static void test_main_part(void)
{
	static const char rels[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\""
		"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/"
		"2006/relationships/officeDocument\" Target=\"/word/main.xml\"/></Relationships>";
	const char *doc = DOC("<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>");
	for (int k = 0; k < 3; k++) {
		/* k == 2: the relationship names a part that is no document
		 * (word/main.xml holds styles) beside word/document.xml */
		zent e[] = {{"_rels/.rels", rels, (size_t)-1, 0},
		            {k == 2 ? "word/document.xml" : "word/main.xml", doc, (size_t)-1, 0},
		            {"word/main.xml", "<w:styles xmlns:w=\"" W_NS "\"/>", (size_t)-1, 0}};
		size_t len = 0;
		char *b = make_zip(k == 1 ? e + 1 : e, k == 1 ? 1 : k == 2 ? 3 : 2, &len);
		nsl_layout l;
		int rc = b ? load(&l, "main part", b, len, &lim) : -1;
		if (k == 1) {
			CHECK_INT(rc, NS_ERR_FORMAT);
			CHECK_MSG(strstr(l.errmsg, "no word/document.xml"), "%s", l.errmsg);
		} else {
			CHECK_INT(rc, NS_OK);
			CHECK_STR(txt(&l, 0, 0), "一、总体情况");
		}
		nsl_clear(&l);
		free(b);
	}
}

/* A district's reports zipped and given where a report was: said so, with
 * what to do ("not a Word document: the ZIP has no word/document.xml" had
 * sent the user looking at Word).  Names zipped on Windows are GBK bytes. */
static void test_zipped_reports(void)
{
	zent e[] = {{"\xcf\xe7\xd5\xf2/\xb0\xd7\xca\xaf\xd5\xf2.pdf", "%PDF-1.4", (size_t)-1, 0},
	            {"qinglan_caizhengju_2024.TXT", "一、总体情况", (size_t)-1, 0},
	            {"__MACOSX/._qinglan_caizhengju_2024.TXT", "", (size_t)-1, 0},
	            {"notes.xlsx", "", (size_t)-1, 0}};
	size_t len = 0;
	char *b = make_zip(e, 4, &len);
	nsl_layout l;
	int rc = b ? load(&l, "zipped reports", b, len, &lim) : -1;
	CHECK_INT(rc, NS_ERR_FORMAT);
	CHECK_MSG(strstr(l.errmsg, "a ZIP archive of 2 report files, not a report: unpack it"),
	          "%s", l.errmsg);
	nsl_clear(&l);
	free(b);
}

/* A field shows its result only: a field nested in another's instruction
 * (an IF over a formula) keeps a stored result of its own, which was read
 * and glued to the outer result (41864186).  A field that spans paragraphs
 * (a TOC) shows its entries, and one broken off hides no more than the rest
 * of its paragraph.  A run only moved up or down (w:position, no smaller
 * size) is text, not a footnote mark: "41" and "86" lowered read 41. */
static void test_fields(void)
{
#define FB "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
#define FS "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
#define FE "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
#define FI(x) "<w:r><w:instrText xml:space=\"preserve\">" x "</w:instrText></w:r>"
#define RT(x) "<w:r><w:t>" x "</w:t></w:r>"
	nsl_layout l;
	int rc = load_xml(&l, "fields", DOC(
		"<w:tbl><w:tr>" TC("", "行政许可")
		"<w:tc><w:p>" FB FI(" IF ") FB FI(" =4000+186 ") FS RT("4186") FE
		FI(" &gt; 0 \"4186\" \"0\" ") FS RT("4186") FE "</w:p></w:tc></w:tr></w:tbl>"
		"<w:p>" FB FI(" TOC \\o ") FS RT("目录") "</w:p>"
		"<w:p>" RT("一、总体情况") FB FI(" PAGEREF _Toc1 ") FS RT("1") FE "</w:p>"
		"<w:p>" FE RT("正文") "</w:p>"
		"<w:p>" RT("前") FB FI(" broken ") RT("隐") "</w:p>"
		"<w:p>" RT("后") "</w:p>"
		"<w:p>" RT("41") "<w:r><w:rPr><w:position w:val=\"-2\"/></w:rPr><w:t>86</w:t></w:r>"
		"<w:r><w:rPr><w:position w:val=\"6\"/><w:sz w:val=\"14\"/></w:rPr><w:t>1</w:t></w:r>"
		"</w:p>"));
	CHECK_INT(rc, NS_OK);
	CHECK_INT(l.nrows, 7);
	CHECK_STR(txt(&l, 0, 1), "4186");
	CHECK_STR(txt(&l, 1, 0), "目录");
	CHECK_STR(txt(&l, 2, 0), "一、总体情况1");
	CHECK_STR(txt(&l, 3, 0), "正文");
	CHECK_STR(txt(&l, 4, 0), "前");
	CHECK_STR(txt(&l, 5, 0), "后");
	/* lowered alone: text; raised in a smaller size: a mark */
	CHECK_STR(txt(&l, 6, 0), "4186");
	nsl_clear(&l);
#undef FB
#undef FS
#undef FE
#undef FI
#undef RT
}

/* Text hidden by a style (a character style, or the paragraph's style,
 * with w:vanish, or based on one that has it) is hidden as text hidden by
 * its own run: a "9" under a hidden character style read 4186 as 94186. */
static void test_hidden_styles(void)
{
	static const char styles[] =
		"<w:styles xmlns:w=\"" W_NS "\">"
		"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"/>"
		"<w:style w:type=\"character\" w:styleId=\"H\"><w:rPr><w:vanish/></w:rPr></w:style>"
		"<w:style w:type=\"character\" w:styleId=\"H2\"><w:basedOn w:val=\"H\"/></w:style>"
		"<w:style w:type=\"character\" w:styleId=\"S\"><w:basedOn w:val=\"H\"/>"
		"<w:rPr><w:vanish w:val=\"0\"/></w:rPr></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"HP\"><w:rPr><w:vanish/></w:rPr></w:style>"
		"</w:styles>";
	size_t len = 0;
	char *b = docx_parts(DOC(
		"<w:tbl><w:tr>" TC("", "行政许可")
		"<w:tc><w:p><w:r><w:rPr><w:rStyle w:val=\"H\"/></w:rPr><w:t>9</w:t></w:r>"
		"<w:r><w:rPr><w:rStyle w:val=\"H2\"/></w:rPr><w:t>8</w:t></w:r>"
		"<w:r><w:t>41</w:t></w:r><w:r><w:rPr><w:rStyle w:val=\"S\"/></w:rPr><w:t>86</w:t></w:r>"
		"<w:r><w:rPr><w:rStyle w:val=\"H\"/><w:vanish w:val=\"0\"/></w:rPr><w:t>!</w:t></w:r>"
		"</w:p></w:tc></w:tr></w:tbl>"
		"<w:p><w:pPr><w:pStyle w:val=\"HP\"/></w:pPr><w:r><w:t>五、隐藏</w:t></w:r></w:p>"
		"<w:p><w:r><w:t>正文</w:t></w:r></w:p>"), NULL, styles, &len);
	nsl_layout l;
	int rc = b ? load(&l, "hidden_styles", b, len, &lim) : -1;
	free(b);
	CHECK_INT(rc, NS_OK);
	CHECK_INT(l.nrows, 2);
	CHECK_STR(txt(&l, 0, 1), "4186!");
	CHECK_STR(txt(&l, 1, 0), "正文");
	nsl_clear(&l);
}

/* A cell deleted with changes tracked (w:cellDel) is no cell of the row:
 * it was read, and t3's row had eight values for seven columns (all null,
 * row.long).  Nor does it widen the table. */
static void test_cell_deleted(void)
{
	nsl_layout l;
	int rc = load_xml(&l, "cellDel", DOC(
		"<w:tbl><w:tr>" TC("", "规章") TC("<w:cellDel w:id=\"3\" w:author=\"a\"/>", "9")
		TC("", "1") TC("", "2") "</w:tr>"
		"<w:tr>" TC("", "行政规范性文件") TC("", "3") TC("", "4") "</w:tr></w:tbl>"));
	CHECK_INT(rc, NS_OK);
	CHECK_INT(l.nrows, 2);
	CHECK(l.nrows == 2 && l.rows[0].ncells == 3 && l.rows[1].ncells == 3);
	CHECK_STR(txt(&l, 0, 1), "1");
	CHECK_STR(txt(&l, 0, 2), "2");
	nsl_clear(&l);
}

static void test_grid(void)
{
	nsl_layout l;
	int rc = load_xml(&l, "grid", DOC(
		"<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/>"
		"<w:gridCol/></w:tblGrid>"
		/* row 1: a label over two columns and rows, two values */
		"<w:tr>" TC("<w:gridSpan w:val=\"2\"/><w:vMerge w:val=\"restart\"/>",
		            "（三）不予公开") TC("", "7") TC("", "8") "</w:tr>"
		/* row 2: continues the label (its own text ignored) */
		"<w:tr>" TC("<w:gridSpan w:val=\"2\"/><w:vMerge/>", "x")
		"<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p><w:p><w:r><w:t>2</w:t>"
		"</w:r></w:p></w:tc>"
		"<w:tc><w:p><w:r><w:t>法律服务</w:t></w:r></w:p><w:p><w:r>"
		"<w:t>机构</w:t></w:r></w:p></w:tc></w:tr>"
		/* row 3: grid before, a short row, and a continue under a cell
		 * that was no merge (1 2): it keeps its own text */
		"<w:tr><w:trPr><w:gridBefore w:val=\"2\"/></w:trPr>"
		TC("<w:vMerge w:val=\"continue\"/>", "孤") "</w:tr>"
		/* row 4: a tracked deletion of the whole row */
		"<w:tr><w:trPr><w:del w:id=\"1\"/></w:trPr>" TC("", "已删")
		TC("", "") TC("", "") TC("", "") "</w:tr>"
		/* row 5: wrapped in a content control, legacy hMerge */
		"<w:sdt><w:sdtContent><w:tr>" TC("<w:hMerge w:val=\"restart\"/>", "左")
		TC0("<w:hMerge/>") TC("", "9") TC0("") "</w:tr></w:sdtContent></w:sdt>"
		/* row 6: a line break before a value (Shift+Enter) is no line of
		 * it; a content control showing its placeholder is empty */
		"<w:tr>" TC("", "结转") "<w:tc><w:p><w:r><w:br/></w:r><w:r><w:t>58</w:t>"
		"</w:r></w:p></w:tc><w:tc><w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr>"
		"<w:sdtContent><w:p><w:r><w:t>单击或点击此处输入文字。</w:t></w:r></w:p>"
		"</w:sdtContent></w:sdt></w:tc><w:tc><w:sdt><w:sdtPr/><w:sdtContent><w:p>"
		"<w:r><w:t>7</w:t></w:r></w:p></w:sdtContent></w:sdt></w:tc></w:tr>"
		"</w:tbl>"));
	CHECK_INT(rc, NS_OK);
	CHECK_INT(l.nrows, 5);
	for (int r = 0; r < l.nrows; r++) {
		CHECK_INT(l.rows[r].grid, 1);
		CHECK_INT(l.rows[r].ncells, 4);
	}
	CHECK_STR(txt(&l, 0, 0), "（三）不予公开");
	CHECK_STR(txt(&l, 0, 1), "（三）不予公开");
	CHECK_POS(&l, 0, 1, 1, 1);
	CHECK_STR(txt(&l, 0, 3), "8");
	CHECK_POS(&l, 0, 3, 1, 4);
	CHECK_STR(txt(&l, 1, 0), "（三）不予公开");
	CHECK_STR(txt(&l, 1, 1), "（三）不予公开");
	CHECK_POS(&l, 1, 1, 1, 1);
	/* cell paragraphs: digits kept apart, Chinese joined */
	CHECK_STR(txt(&l, 1, 2), "1 2");
	CHECK_POS(&l, 1, 2, 2, 3);
	CHECK_STR(txt(&l, 1, 3), "法律服务机构");
	CHECK_STR(txt(&l, 2, 0), "");
	CHECK_POS(&l, 2, 0, 3, 1);
	CHECK_STR(txt(&l, 2, 1), "");
	CHECK_POS(&l, 2, 1, 3, 2);
	CHECK_STR(txt(&l, 2, 2), "孤");
	CHECK_POS(&l, 2, 2, 3, 3);
	CHECK_STR(txt(&l, 2, 3), "");
	CHECK_POS(&l, 2, 3, 3, 4);
	/* the deleted row is gone and uses no block number */
	CHECK_STR(txt(&l, 3, 0), "左");
	CHECK_STR(txt(&l, 3, 1), "左");
	CHECK_POS(&l, 3, 1, 4, 1);
	CHECK_STR(txt(&l, 3, 2), "9");
	CHECK_STR(txt(&l, 3, 3), "");
	CHECK_STR(txt(&l, 4, 1), "58");
	CHECK_STR(txt(&l, 4, 2), "");
	CHECK_STR(txt(&l, 4, 3), "7");
	nsl_clear(&l);
}

/* A span far wider than any Word table is capped, not allocated. */
static void test_wide_span(void)
{
	nsl_layout l;
	int rc = load_xml(&l, "wide", DOC(
		"<w:tbl><w:tr>" TC("<w:gridSpan w:val=\"99999999\"/>", "宽")
		"</w:tr></w:tbl>"));
	CHECK_INT(rc, NS_OK);
	CHECK_INT(l.nrows, 1);
	CHECK(l.nrows == 1 && l.rows[0].ncells <= 64);
	nsl_clear(&l);
}

static void check_xml_fail(const char *name, const char *xml, int want,
                           const char *msg_part);

/* One row 1024 columns wide over thousands of empty rows: two million
 * padding cells the document does not hold.  Refused, not allocated. */
static void test_pad_bomb(void)
{
	const char *head = "<?xml version=\"1.0\"?><w:document xmlns:w=\"" W_NS
	                   "\"><w:body><w:tbl><w:tr>";
	const char *wide = "<w:tc><w:tcPr><w:gridSpan w:val=\"64\"/></w:tcPr>"
	                   "<w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>";
	const char *tail = "</w:tbl></w:body></w:document>";
	size_t cap = strlen(head) + 16 * strlen(wide) + 2000 * 7 + 64;
	char *xml = malloc(cap);
	if (!xml)
		return;
	strcpy(xml, head);
	for (int i = 0; i < 16; i++)
		strcat(xml, wide);
	strcat(xml, "</w:tr>");
	size_t n = strlen(xml);
	for (int i = 0; i < 2000; i++, n += 7)
		memcpy(xml + n, "<w:tr/>", 7);
	strcpy(xml + n, tail);
	check_xml_fail("pad bomb", xml, NS_ERR_TOO_LARGE, "too large");
	free(xml);
}

/* ---- refusals ---------------------------------------------------------- */

static void check_fail(const char *name, const char *buf, size_t len,
                       const nsl_limits *lm, int want, const char *msg_part)
{
	nsl_layout l;
	int rc = load(&l, name, buf, len, lm);
	CHECK_MSG(rc == want, "%s: rc %d (%s), expected %d", name, rc,
	          l.errmsg, want);
	CHECK_MSG(l.errmsg[0] && (!msg_part || strstr(l.errmsg, msg_part)),
	          "%s: message \"%s\" lacks \"%s\"", name, l.errmsg,
	          msg_part ? msg_part : "");
	nsl_clear(&l);
}

static void check_xml_fail(const char *name, const char *xml, int want,
                           const char *msg_part)
{
	size_t len = 0;
	char *b = docx_of(xml, &len);
	if (b)
		check_fail(name, b, len, &lim, want, msg_part);
	free(b);
}

/* The library never prints: libxml2's complaints about broken XML must not
 * reach stderr. */
static void test_silent(void)
{
	fflush(stderr);
	int saved = dup(2);
	FILE *tmp = tmpfile();
	if (saved < 0 || !tmp)
		return;
	dup2(fileno(tmp), 2);
	size_t len = 0;
	char *b = docx_of(DOC("<w:p><w:r><w:t>未闭合</w:r></w:p>"), &len);
	nsl_layout l;
	int rc = b ? load(&l, "broken xml", b, len, &lim) : -1;
	fflush(stderr);
	long printed = ftell(tmp);
	dup2(saved, 2);
	close(saved);
	fclose(tmp);
	CHECK_INT(rc, NS_ERR_FORMAT);
	CHECK_MSG(strstr(l.errmsg, "not well-formed"), "message: %s", l.errmsg);
	CHECK_INT(printed, 0);
	nsl_clear(&l);
	free(b);
}

static void test_bad_xml(void)
{
	check_xml_fail("billion laughs",
		"<?xml version=\"1.0\"?><!DOCTYPE w:document ["
		"<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
		"<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
		"<w:document xmlns:w=\"" W_NS "\"><w:body><w:p><w:r><w:t>&c;</w:t>"
		"</w:r></w:p></w:body></w:document>", NS_ERR_FORMAT, "DOCTYPE");
	check_xml_fail("external entity",
		"<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"http://example.com/x\">"
		"<w:document xmlns:w=\"" W_NS "\"/>", NS_ERR_FORMAT, "DOCTYPE");
	check_xml_fail("no body", "<w:document xmlns:w=\"" W_NS "\"/>",
	               NS_ERR_FORMAT, "no w:body");
	check_xml_fail("other root", "<html><body/></html>", NS_ERR_FORMAT,
	               "no w:body");
	check_xml_fail("empty body", DOC("<w:p/><w:p><w:r><w:t></w:t></w:r></w:p>"),
	               NS_ERR_EMPTY, NULL);
	check_xml_fail("not xml", "\x01\x02 binary", NS_ERR_FORMAT,
	               "not well-formed");
}

static void test_bad_containers(void)
{
	check_fail("empty", "", 0, &lim, NS_ERR_EMPTY, NULL);
	check_fail("null", NULL, 0, &lim, NS_ERR_EMPTY, NULL);
	char rnd[4096];
	unsigned x = 12345;
	for (size_t i = 0; i < sizeof rnd; i++) {
		x = x * 1103515245u + 12345u;
		rnd[i] = (char)(x >> 16);
	}
	check_fail("random", rnd, sizeof rnd, &lim, NS_ERR_FORMAT,
	           "no ZIP signature");
	/* random bytes behind a ZIP signature */
	rnd[0] = 'P', rnd[1] = 'K', rnd[2] = 3, rnd[3] = 4;
	check_fail("random zip", rnd, sizeof rnd, &lim, NS_ERR_FORMAT, "ZIP");

	size_t len;
	char *b = fixture("report_small.docx", &len);
	if (b) {
		check_fail("truncated", b, len / 2, &lim, NS_ERR_FORMAT,
		           "damaged ZIP");
		check_fail("truncated tail", b, len - 10, &lim, NS_ERR_FORMAT,
		           "damaged ZIP");
		nsl_limits small = {1000, 64LL << 20, 0};
		check_fail("input limit", b, len, &small, NS_ERR_TOO_LARGE,
		           "input limit");
		free(b);
	}

	zent other[] = {{"word/other.xml", "<x/>", (size_t)-1, 0},
	                {"content.xml", "<office:document/>", (size_t)-1, 0}};
	b = make_zip(other, 2, &len);
	CHECK(b != NULL);
	if (b)
		check_fail("no document.xml", b, len, &lim, NS_ERR_FORMAT,
		           "word/document.xml");
	free(b);

	/* an encrypted Office file is an OLE compound file */
	char ole[1536] = {(char)0xD0, (char)0xCF, 0x11, (char)0xE0, (char)0xA1,
	                  (char)0xB1, 0x1A, (char)0xE1};
	check_fail("ole doc", ole, sizeof ole, &lim, NS_ERR_FORMAT, "OLE");
	const char *name = "EncryptedPackage";
	for (size_t i = 0; name[i]; i++)
		ole[1024 + 2 * i] = name[i];
	check_fail("ole encrypted", ole, sizeof ole, &lim, NS_ERR_ENCRYPTED,
	           "password");

	zent enc[] = {{"word/document.xml", DOC("<w:p><w:r><w:t>秘</w:t></w:r>"
	                                        "</w:p>"), (size_t)-1, 1}};
	b = make_zip(enc, 1, &len);
	if (b) /* NULL when this libzip has no AES */
		check_fail("zip encrypted", b, len, &lim, NS_ERR_ENCRYPTED,
		           "encrypted");
	free(b);
}

/* Patch the uncompressed size of the first entry, in its local header and
 * in the central directory, to `size`: a bomb that lies about itself. */
static void lie_about_size(char *b, size_t len, unsigned size)
{
	unsigned char v[4] = {size & 0xFF, (size >> 8) & 0xFF,
	                      (size >> 16) & 0xFF, size >> 24};
	if (len > 30 && memcmp(b, "PK\3\4", 4) == 0)
		memcpy(b + 22, v, 4);
	for (size_t i = 0; i + 46 < len; i++)
		if (memcmp(b + i, "PK\1\2", 4) == 0) {
			memcpy(b + i + 24, v, 4);
			break;
		}
}

static void test_zip_bomb(void)
{
	size_t big = 16u << 20;
	char *zeros = calloc(1, big);
	if (!zeros)
		return;
	memset(zeros, '0', big);
	zent e[] = {{"word/document.xml", zeros, big, 0}};
	size_t len = 0;
	char *b = make_zip(e, 1, &len);
	CHECK(b != NULL);
	if (b) {
		CHECK_MSG(len < 100000, "bomb is %zu bytes", len);
		nsl_limits small = {64LL << 20, 1 << 20, 0};
		check_fail("bomb declared", b, len, &small, NS_ERR_TOO_LARGE,
		           "declares");
		lie_about_size(b, len, 100);
		check_fail("bomb lying", b, len, &small, NS_ERR_TOO_LARGE,
		           "inflates to more");
		/* within the limit the size claim is still caught by libzip
		 * or by the XML parser, never trusted */
		check_fail("bomb lying, big limit", b, len, &lim, NS_ERR_FORMAT,
		           NULL);
	}
	free(b);
	free(zeros);
}

/* ---- list numbering (word/numbering.xml) ------------------------------- */

#define NUMBERING(body) \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" \
	"<w:numbering xmlns:w=\"" W_NS "\" xmlns:mc=\"" MC_NS "\">" body \
	"</w:numbering>"
#define STYLES(body) \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>" \
	"<w:styles xmlns:w=\"" W_NS "\">" body "</w:styles>"
#define LVL(i, start, fmt, text) \
	"<w:lvl w:ilvl=\"" i "\"><w:start w:val=\"" start "\"/><w:numFmt " \
	"w:val=\"" fmt "\"/><w:lvlText w:val=\"" text "\"/></w:lvl>"
#define ABS(id, lvls) \
	"<w:abstractNum w:abstractNumId=\"" id "\">" lvls "</w:abstractNum>"
#define NUM(id, abs) \
	"<w:num w:numId=\"" id "\"><w:abstractNumId w:val=\"" abs "\"/></w:num>"
#define NUM_FROM(id, abs, start) \
	"<w:num w:numId=\"" id "\"><w:abstractNumId w:val=\"" abs "\"/>" \
	"<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"" start "\"/>" \
	"</w:lvlOverride></w:num>"
#define NUMPR(num, ilvl) \
	"<w:numPr><w:ilvl w:val=\"" ilvl "\"/><w:numId w:val=\"" num "\"/></w:numPr>"
#define NP(num, ilvl, text) \
	"<w:p><w:pPr>" NUMPR(num, ilvl) "</w:pPr><w:r><w:t>" text "</w:t></w:r></w:p>"
#define SP(style, text) \
	"<w:p><w:pPr><w:pStyle w:val=\"" style "\"/></w:pPr><w:r><w:t>" text \
	"</w:t></w:r></w:p>"
#define NTC(num, text) "<w:tc>" NP(num, "0", text) "</w:tc>"

static const char num_xml[] = NUMBERING(
	/* the template's heading levels: 一、 （一） 1. */
	ABS("0", LVL("0", "1", "chineseCounting", "%1、")
	         LVL("1", "1", "chineseCounting", "（%2）")
	         LVL("2", "1", "decimal", "%3."))
	ABS("1", LVL("0", "1", "decimal", "%1."))
	ABS("2", LVL("0", "1", "bullet", "\xEF\x82\xB7"))
	/* the format as Word 2010 writes it, in a fallback */
	ABS("3", "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><mc:AlternateContent>"
	         "<mc:Choice Requires=\"w14\"><w:numFmt w:val=\"custom\" "
	         "w:format=\"01, 02, 03, ...\"/></mc:Choice><mc:Fallback>"
	         "<w:numFmt w:val=\"decimalEnclosedCircleChinese\"/></mc:Fallback>"
	         "</mc:AlternateContent><w:lvlText w:val=\"%1\"/></w:lvl>"
	         LVL("1", "1", "ideographTraditional", "%2、"))
	/* legal numbering: level 0 in decimal inside level 1's label */
	ABS("4", LVL("0", "9", "chineseCountingThousand", "第%1章")
	         "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
	         "<w:isLgl/><w:lvlText w:val=\"%1.%2\"/></w:lvl>")
	/* a list made from a list style: its levels are the style's list's */
	ABS("5", "<w:numStyleLink w:val=\"ReportList\"/>")
	ABS("6", "<w:styleLink w:val=\"ReportList\"/>"
	         LVL("0", "1", "upperRoman", "%1)") LVL("1", "1", "lowerLetter", "%2."))
	/* level 1 goes on through level 0 (w:lvlRestart 0: never restarts) */
	ABS("7", LVL("0", "1", "decimal", "%1.")
	         "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
	         "<w:lvlRestart w:val=\"0\"/><w:lvlText w:val=\"（%2）\"/></w:lvl>"
	         LVL("2", "1", "none", "%3"))
	NUM("1", "0") NUM("2", "1") NUM("3", "2") NUM_FROM("4", "1", "1")
	NUM("5", "3") NUM("6", "4") NUM("7", "42") NUM("8", "6") NUM("9", "5")
	NUM_FROM("10", "0", "11") NUM_FROM("11", "0", "20")
	NUM_FROM("12", "0", "21") NUM_FROM("13", "0", "99")
	NUM_FROM("14", "0", "101") NUM_FROM("15", "0", "110")
	NUM("16", "7"));

static const char styles_xml[] = STYLES(
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
	"<w:name w:val=\"Normal\"/></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Base\"><w:pPr>"
	"<w:numPr><w:numId w:val=\"1\"/></w:numPr></w:pPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading2\">"
	"<w:basedOn w:val=\"Base\"/></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading3\"><w:pPr>"
	NUMPR("1", "1") "</w:pPr></w:style>"
	"<w:style w:type=\"numbering\" w:styleId=\"ReportList\"><w:pPr>"
	"<w:numPr><w:numId w:val=\"8\"/></w:numPr></w:pPr></w:style>");

/* Word's own numbers (w:numPr, numbering.xml) are part of the text as
 * Word shows it: a report whose headings a list numbers read "总体情况"
 * without its "一、", and every heading was taken for one without a
 * numeral. */
static void test_numbering(void)
{
	static const char doc[] = DOC(
		NP("1", "0", "总体情况") NP("1", "1", "主动公开")
		NP("1", "1", "依申请公开") NP("1", "2", "细项")
		/* from the style, through w:basedOn; counting on with num 1 */
		SP("Heading2", "主动公开政府信息情况") SP("Heading3", "政府信息管理")
		/* numId 0 takes the style's numbering away */
		"<w:p><w:pPr><w:pStyle w:val=\"Heading2\"/><w:numPr><w:numId "
		"w:val=\"0\"/></w:numPr></w:pPr><w:r><w:t>不编号</w:t></w:r></w:p>"
		NP("3", "0", "要点")
		/* t3's items in cells; num 4 restarts abstractNum 1, num 2 goes
		 * on with its own counters */
		"<w:tbl><w:tr>" NTC("2", "属于国家秘密") TC("", "0") "</w:tr>"
		"<w:tr>" NTC("2", "其他法律行政法规禁止公开") TC("", "1") "</w:tr>"
		"<w:tr>" NTC("4", "重新编号") TC("", "2") "</w:tr>"
		"<w:tr>" NTC("2", "继续") TC("", "3") "</w:tr></w:tbl>"
		NP("5", "0", "第一项") NP("5", "1", "分项") NP("5", "0", "第二项")
		NP("6", "0", "总则") NP("6", "0", "附则") NP("6", "1", "条")
		NP("7", "0", "无定义的列表") NP("99", "0", "无此列表")
		NP("8", "0", "罗马") NP("8", "1", "字母") NP("9", "0", "样式列表")
		/* an empty numbered paragraph shows its number alone */
		"<w:p><w:pPr>" NUMPR("1", "0") "</w:pPr></w:p>"
		NP("10", "0", "a") NP("11", "0", "b") NP("12", "0", "c")
		NP("13", "0", "d") NP("14", "0", "e") NP("15", "0", "f")
		NP("16", "0", "甲") NP("16", "1", "乙") NP("16", "2", "无号")
		NP("16", "0", "丙") NP("16", "1", "丁"));
	static const char *const want[] = {
		"一、总体情况", "（一）主动公开", "（二）依申请公开", "1.细项",
		"二、主动公开政府信息情况", "（一）政府信息管理", "不编号", "要点",
		NULL, NULL, NULL, NULL,
		"①第一项", "甲、分项", "②第二项",
		"第九章 总则", "第十章 附则", "10.1 条",
		"无定义的列表", "无此列表",
		"I)罗马", "a.字母", "II)样式列表",
		"三、",
		"十一、a", "二十、b", "二十一、c", "九十九、d", "一百零一、e",
		"一百一十、f",
		"1.甲", "（1）乙", "无号", "2.丙", "（2）丁"};
	static const char *const cells[4][2] = {
		{"1.属于国家秘密", "0"}, {"2.其他法律行政法规禁止公开", "1"},
		{"1.重新编号", "2"}, {"3.继续", "3"}};
	int nwant = (int)(sizeof want / sizeof want[0]);
	nsl_layout l;
	CHECK_INT(load_parts(&l, "numbering", doc, num_xml, styles_xml), NS_OK);
	CHECK_INT(l.nrows, nwant);
	for (int r = 0; r < nwant && r < l.nrows; r++) {
		if (want[r]) {
			CHECK_STR(txt(&l, r, 0), want[r]);
			continue;
		}
		CHECK_INT(l.rows[r].grid, 1);
		CHECK_STR(txt(&l, r, 0), cells[r - 8][0]);
		CHECK_STR(txt(&l, r, 1), cells[r - 8][1]);
	}
	nsl_clear(&l);

	/* a number before a figure is set apart ("1." and 58 read 1.58), and a
	 * paragraph whose mark is hidden shows no number (Word hides it: a
	 * heading typed "一、" read "1.一、") */
	CHECK_INT(load_parts(&l, "numbering apart", DOC(NP("2", "0", "58")
		"<w:p><w:pPr>" NUMPR("2", "0") "<w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>"
		"一、总体情况</w:t></w:r></w:p>" NP("2", "0", "属于")), num_xml, styles_xml), NS_OK);
	CHECK_STR(txt(&l, 0, 0), "1. 58");
	CHECK_STR(txt(&l, 1, 0), "一、总体情况");
	CHECK_STR(txt(&l, 2, 0), "3.属于");
	nsl_clear(&l);

	/* without styles.xml the direct numbers stand, the style's are gone */
	CHECK_INT(load_parts(&l, "numbering no styles", doc, num_xml, NULL), NS_OK);
	CHECK_STR(txt(&l, 0, 0), "一、总体情况");
	CHECK_STR(txt(&l, 4, 0), "主动公开政府信息情况");
	CHECK_STR(txt(&l, 5, 0), "政府信息管理");
	nsl_clear(&l);

	/* numbering.xml missing, broken, or no numbering: no numbers, and
	 * the document reads as ever */
	static const char *const bad[] = {
		NULL,
		NUMBERING(ABS("0", LVL("0", "1", "decimal", "%1.")) "<w:num"),
		"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x/>",
		"<w:styles xmlns:w=\"" W_NS "\"/>",
		"\xFF\xFE garbage",
		""};
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		char name[32];
		snprintf(name, sizeof name, "bad numbering %zu", k);
		CHECK_INT(load_parts(&l, name, doc, bad[k], styles_xml), NS_OK);
		CHECK_STR(txt(&l, 0, 0), "总体情况");
		CHECK_STR(txt(&l, 4, 0), "主动公开政府信息情况");
		CHECK_STR(txt(&l, 9, 0), "其他法律行政法规禁止公开");
		nsl_clear(&l);
	}
	/* a broken styles.xml loses only the styles' numbers */
	CHECK_INT(load_parts(&l, "bad styles", doc, num_xml, "<w:styles"), NS_OK);
	CHECK_STR(txt(&l, 1, 0), "（一）主动公开");
	CHECK_STR(txt(&l, 4, 0), "主动公开政府信息情况");
	nsl_clear(&l);
}

/* A hostile numbering.xml: more lists and levels than any document has,
 * starts past int, labels of thousands of placeholders.  The lists past
 * the caps are not read, starts stop at Word's 32767, a label at 64 bytes. */
static void test_numbering_hostile(void)
{
	nsb x = {0};
	nsb_put(&x, "<w:numbering xmlns:w=\"" W_NS "\">", strlen("<w:numbering "
	        "xmlns:w=\"" W_NS "\">"));
	char t[256];
	for (int a = 0; a < 3000; a++) {
		int n = snprintf(t, sizeof t, "<w:abstractNum w:abstractNumId=\"%d\">",
		                 a);
		nsb_put(&x, t, (size_t)n);
		if (a == 0) {
			/* a label of 5000 placeholders, each 32767 */
			const char *big = "<w:lvl w:ilvl=\"3\"><w:start w:val=\"1e9\"/>"
			                  "<w:lvlText w:val=\"";
			nsb_put(&x, big, strlen(big));
			for (int k = 0; k < 5000; k++)
				nsb_put(&x, "%1", 2);
			nsb_put(&x, "\"/></w:lvl>", strlen("\"/></w:lvl>"));
		}
		/* levels out of 0..8, and every level twice */
		for (int i = -2; i < (a < 10 ? 12 : 1); i++) {
			n = snprintf(t, sizeof t, "<w:lvl w:ilvl=\"%d\"><w:start w:val="
			             "\"99999999999\"/><w:numFmt w:val=\"%s\"/><w:lvlText "
			             "w:val=\"%%1.%%%d\"/></w:lvl>", i,
			             i == 1 ? "chineseCounting" : "decimal", i + 1);
			nsb_put(&x, t, (size_t)n);
		}
		nsb_put(&x, "</w:abstractNum>", strlen("</w:abstractNum>"));
	}
	for (int m = 1; m <= 20000; m++) {
		int n = snprintf(t, sizeof t, "<w:num w:numId=\"%d\"><w:abstractNumId "
		                 "w:val=\"%d\"/></w:num>", m, m % 3);
		nsb_put(&x, t, (size_t)n);
	}
	nsb_put(&x, "</w:numbering>", strlen("</w:numbering>"));
	CHECK(!x.oom);
	nsl_layout l;
	int rc = load_parts(&l, "hostile numbering", DOC(
		NP("3", "0", "甲") NP("3", "1", "乙") NP("3", "3", "丙")
		NP("20000", "0", "丁") NP("3", "0", "戊")), x.p, NULL);
	CHECK_INT(rc, NS_OK);
	CHECK_INT(l.nrows, 5);
	/* level 0's "%1.%1" */
	CHECK_STR(txt(&l, 0, 0), "32767.32767 甲");
	/* level 1's own number in Chinese, past 9999: decimal */
	CHECK_STR(txt(&l, 1, 0), "32767.32767 乙");
	/* the first w:lvl of a level is the one read: the label is cut to
	 * 64 bytes, 12 numbers of 5 digits */
	CHECK_STR(txt(&l, 2, 0), "327673276732767327673276732767327673276732767"
	          "327673276732767 丙");
	/* num 20000 is past the cap: no number */
	CHECK_STR(txt(&l, 3, 0), "丁");
	CHECK_STR(txt(&l, 4, 0), "32768.32768 戊");
	nsl_clear(&l);
	free(x.p);
}

int main(void)
{
	test_report_small();
	test_nested_fixture();
	test_runs();
	test_fields();
	test_main_part();
	test_zipped_reports();
	test_alt_chunk();
	test_alt_chunk_repeated();
	test_hidden_styles();
	test_frame();
	test_grid();
	test_cell_deleted();
	test_wide_span();
	test_pad_bomb();
	test_silent();
	test_bad_xml();
	test_bad_containers();
	test_zip_bomb();
	test_numbering();
	test_numbering_hostile();
	return t_done("test_docx_layout");
}
