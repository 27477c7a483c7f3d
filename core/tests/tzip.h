/*
 * tzip.h — what the tests that make DOCX files share: a ZIP built in
 * memory from named entries (libzip), to feed the loader.
 */
#ifndef NS_TZIP_H
#define NS_TZIP_H

#include <stdlib.h>
#include <string.h>
#include <zip.h>

typedef struct zent {
	const char *name;
	const char *data;
	size_t len;       /* (size_t)-1: strlen */
	int encrypt;
} zent;

/* A ZIP of the given entries, malloc'd; NULL if libzip cannot make it
 * (encryption may be missing from the build). */
static inline char *make_zip(const zent *e, int n, size_t *outlen)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
	zip_error_fini(&ze);
	if (!za) {
		zip_source_free(src);
		return NULL;
	}
	zip_source_keep(src);
	int ok = 1;
	for (int i = 0; i < n && ok; i++) {
		size_t len = e[i].len == (size_t)-1 ? strlen(e[i].data) : e[i].len;
		zip_source_t *s = zip_source_buffer(za, e[i].data, len, 0);
		zip_int64_t idx = s ? zip_file_add(za, e[i].name, s, 0) : -1;
		if (idx < 0) {
			zip_source_free(s);
			ok = 0;
		} else if (e[i].encrypt &&
		           zip_file_set_encryption(za, (zip_uint64_t)idx,
		                                   ZIP_EM_AES_256, "secret") < 0) {
			ok = 0;
		}
	}
	if (!ok || zip_close(za) < 0) {
		zip_discard(za); /* still open when zip_close failed */
		zip_source_free(src);
		return NULL;
	}
	zip_stat_t st;
	char *buf = NULL;
	if (zip_source_open(src) == 0) {
		if (zip_source_stat(src, &st) == 0 && (buf = malloc(st.size)))
			*outlen = (size_t)zip_source_read(src, buf, st.size);
		zip_source_close(src);
	}
	zip_source_free(src);
	return buf;
}

#endif
