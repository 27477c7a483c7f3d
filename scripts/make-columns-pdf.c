/*
 * make-columns-pdf.c — makes core/tests/fixtures/columns/t3_layout_blanks.pdf
 * from t3_layout_blanks.txt: each cell of the text (split at runs of two or
 * more spaces) is drawn where its character column puts it, 6 pt a column,
 * 10 pt a line, in WenQuanYi Zen Hei 6 pt (a Han character one column wide),
 * 70 lines a page.  Empty table cells are drawn as nothing, as in a PDF
 * made by an office suite.  Run once; the tests only read the PDF.
 *
 *   cc -o /tmp/mkpdf scripts/make-columns-pdf.c $(pkg-config --cflags --libs cairo)
 *   /tmp/mkpdf core/tests/fixtures/columns/t3_layout_blanks.txt \
 *              core/tests/fixtures/columns/t3_layout_blanks.pdf
 */
#include <cairo.h>
#include <cairo-pdf.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s in.txt out.pdf\n", argv[0]);
		return 2;
	}
	FILE *f = fopen(argv[1], "r");
	if (!f)
		return 1;
	cairo_surface_t *s = cairo_pdf_surface_create(argv[2], 612, 792);
	cairo_t *cr = cairo_create(s);
	cairo_select_font_face(cr, "WenQuanYi Zen Hei", CAIRO_FONT_SLANT_NORMAL,
	                       CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 6);
	char buf[4096];
	int line = 0;
	while (fgets(buf, sizeof buf, f)) {
		buf[strcspn(buf, "\n")] = 0;
		if (line == 70) {
			cairo_show_page(cr);
			line = 0;
		}
		int col = 0;
		size_t i = 0, n = strlen(buf);
		while (i < n) {
			if (buf[i] == ' ' && (i + 1 < n && buf[i + 1] == ' ')) {
				while (i < n && buf[i] == ' ') {
					i++;
					col++;
				}
				continue;
			}
			size_t start = i;
			int start_col = col;
			while (i < n && !(buf[i] == ' ' && i + 1 < n && buf[i + 1] == ' ')) {
				if (((unsigned char)buf[i] & 0xC0) != 0x80)
					col++;
				i++;
			}
			char cell[4096];
			memcpy(cell, buf + start, i - start);
			cell[i - start] = 0;
			cairo_move_to(cr, 20 + 6 * start_col, 40 + 10 * line);
			cairo_show_text(cr, cell);
		}
		line++;
	}
	fclose(f);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_surface_destroy(s);
	return 0;
}
