/* json_seeds.c — the canonical JSON of each file named (one per line on
 * stdin or as arguments) written to DIR/<basename>.json: the seeds of
 * load_json and views (fuzz/make-seeds.sh).  Files that do not load are
 * skipped with a note. */
#include <nianshen.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: json-seeds DIR FILE...\n");
		return 2;
	}
	ns_ctx *ctx = ns_open();
	int made = 0;
	for (int i = 2; i < argc; i++) {
		ns_report *r;
		if (ns_load_file(ctx, argv[i], NULL, &r) != NS_OK) {
			fprintf(stderr, "json-seeds: skipped %s: %s\n", argv[i], ns_errmsg(ctx));
			continue;
		}
		char *j = ns_report_to_json(r, 0);
		const char *base = strrchr(argv[i], '/');
		base = base ? base + 1 : argv[i];
		char path[4096];
		snprintf(path, sizeof path, "%s/%03d-%s.json", argv[1], i - 1, base); /* names repeat across directories */
		FILE *f = fopen(path, "wb");
		if (f) {
			fputs(j, f);
			fclose(f);
			made++;
		}
		ns_free(j);
		ns_report_release(r);
	}
	ns_close(ctx);
	fprintf(stderr, "json-seeds: %d JSON seeds in %s\n", made, argv[1]);
	return 0;
}
