/* score.c — `nianshen score`: load a district, score it, rank it, write it. */
#include "cli.h"
#include "lua/engine.h" /* nse_hint: "did you mean" */
#include "lua/scheme.h" /* nse_scheme_note */
#include "map/map.h"    /* nsm_agency_type: a roster's data row is no header */
#include "out/writers.h"
#include "text/text.h" /* a roster decoded as reports are */

#include <dirent.h>
#include <pthread.h>
#include <time.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* clang says AddressSanitizer by __has_feature, GCC by __SANITIZE_ADDRESS__ */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NS_HAS_ASAN 1
#endif
#endif
#ifndef NS_HAS_ASAN
#define NS_HAS_ASAN 0
#endif

/* ---- progress on stderr (a terminal, a run longer than a second) ----- */

typedef struct progress {
	const char *what; /* "loaded", "scored" */
	int done, total;
	double start, last;
	int shown;        /* a line is on the terminal */
	int fd;           /* the stream's read end (scoring), or -1 */
} progress;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One line, rewritten in place: write(2) and a stack buffer only, since
 * the scoring processes fork while the thread that calls this runs. */
static void progress_show(progress *p, int final)
{
	double t = now(), el = t - p->start;
	if (!final && (el < 1.0 || t - p->last < 0.2))
		return;
	if (final && !p->shown)
		return;
	p->last = t;
	double rate = el > 0 ? p->done / el : 0;
	char line[160];
	int n;
	if (final)
		n = snprintf(line, sizeof line, "\r\033[K");
	else if (rate > 0 && p->done < p->total)
		n = snprintf(line, sizeof line, "\r\033[Knianshen: %s %d of %d reports, %.0f/s, "
		             "about %.0f s left", p->what, p->done, p->total, rate,
		             (p->total - p->done) / rate);
	else
		n = snprintf(line, sizeof line, "\r\033[Knianshen: %s %d of %d reports", p->what,
		             p->done, p->total);
	if (n > 0 && write(STDERR_FILENO, line, (size_t)(n < (int)sizeof line ? n : (int)sizeof line - 1)) > 0)
		p->shown = !final;
}

/* The scoring progress: counts the stream's lines (one per report, as it
 * is final) on a pipe the run writes them to. */
static void *progress_thread(void *arg)
{
	progress *p = arg;
	char buf[65536];
	ssize_t k;
	while ((k = read(p->fd, buf, sizeof buf)) != 0) {
		if (k < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (ssize_t i = 0; i < k; i++)
			p->done += buf[i] == '\n';
		progress_show(p, 0);
	}
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A results file nianshen wrote: a district folder often holds last run's
 * results (results.html, results.json, or a copy saved as .txt), which
 * are never reports, whatever their names, and an output may replace
 * them.  JSON and HTML carry the marker, the XLSX in its properties; the
 * CSV starts with its header (either form), an NDJSON stream with a
 * result object (its "path", then "agency" and "agency_type").  regular:
 * the directory's entry said so (no fstat to ask again); strict: asked
 * before an output replaces the file, the JSON's and HTML's marker only in
 * their head. */
static int own_results(const char *path, int regular, int strict)
{
	char buf[4096];
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 0;
	struct stat st;
	ssize_t n = regular || (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
	            ? read(fd, buf, sizeof buf - 1) : 0;
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	const char *p = strncmp(buf, "\xEF\xBB\xBF", 3) == 0 ? buf + 3 : buf;
	/* strict (may an output replace it?): the marker where nianshen's JSON
	 * and HTML put it, at their head, not in a text that quotes it (this
	 * project's docs/results.md does) */
	size_t head = (size_t)n;
	if (strict) {
		const char *q = p + strspn(p, " \t\r\n");
		const char *end = strcasestr(q, "</head>");
		head = *q == '{' ? (size_t)(q - buf) + 200
		     : strncasecmp(q, "<!doctype html>", 15) == 0 && end ? (size_t)(end - buf) : 0;
		if (head > (size_t)n)
			head = (size_t)n;
	}
	return nsw_is_results(buf, head) || strncmp(p, "名次,完整性,单位,类型,年度,得分,", 45) == 0 ||
	       strncmp(p, "rank,complete,agency,agency_type,year,score,", 44) == 0 ||
	       (strncmp(p, "{\"path\":\"", 9) == 0 && strstr(p, "\",\"agency\":") &&
	        strstr(p, "\"agency_type\":")) ||
	       (n > 4 && memcmp(buf, "PK\x03\x04", 4) == 0 && nsw_xlsx_is_results(path));
}

/* Files of a directory and its subdirectories that look like reports by
 * name (README.md excepted), sorted by path: a district kept one folder
 * per township is one district.  Hidden entries (.git) are passed over;
 * the other files are named on stderr, not passed over in silence.  A
 * link to a directory is not followed (no loops), and nesting stops at a
 * depth no district has. */
enum { DIR_DEPTH = 16 };

typedef struct strlist {
	char **v;
	int n, cap;
} strlist;

static void push_file(strlist *l, const char *path)
{
	char **v = l->v;
	if (l->n == l->cap && (v = realloc(l->v, sizeof *v * (size_t)(l->cap ? 2 * l->cap : 64))))
		l->cap = l->cap ? 2 * l->cap : 64;
	if (!v || !(v[l->n] = strdup(path))) {
		fprintf(stderr, "nianshen: out of memory listing the reports; nothing was scored\n");
		exit(3);
	}
	l->v = v;
	l->n++;
}

/* A directory that cannot be read may hold reports: it keeps a row of its
 * own in the results (with its reason), as a file that cannot be read does,
 * not only a line on stderr that --quiet drops. */
static void unreadable(strlist *unread, const char *dir)
{
	char msg[8192 + 128];
	snprintf(msg, sizeof msg, "%s: cannot read the directory (%s): its reports were not scored",
	         dir, strerror(errno));
	push_file(unread, msg);
	push_file(unread, dir);
}

static int scan_dir(const char *dir, strlist *files, strlist *unread, int quiet, int depth)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	char base[4096];
	snprintf(base, sizeof base, "%s", dir);
	for (size_t len = strlen(base); len > 1 && base[len - 1] == '/'; len--)
		base[len - 1] = 0;
	dir = base;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue; /* ., .., and hidden files and folders */
		/* only regular files (or links to them) are loaded: opening a FIFO
		 * waits for a writer for ever, and a device never ends.  stat does
		 * not open; ns_load_file checks the descriptor again. */
		char full[8192];
		struct stat st, lst;
		snprintf(full, sizeof full, "%s/%s", dir, e->d_name);
		/* the entry's type where the file system gives it (a district is
		 * thousands of files: a stat each was a tenth of a run's start);
		 * a link or an unknown type is asked of the file */
		int isreg = e->d_type == DT_REG, isdir = e->d_type == DT_DIR;
		if (!isreg && !isdir && stat(full, &st) == 0) {
			isreg = S_ISREG(st.st_mode);
			isdir = S_ISDIR(st.st_mode);
		}
		if (isdir) {
			if (lstat(full, &lst) == 0 && S_ISLNK(lst.st_mode)) {
				if (!quiet)
					fprintf(stderr, "nianshen: skipped %s (a link to a directory, not "
					        "followed; name it to score it)\n", cli_safe(full));
			} else if (depth >= DIR_DEPTH) {
				if (!quiet)
					fprintf(stderr, "nianshen: skipped %s (a directory %d levels down, "
					        "not entered; name it to score it)\n", cli_safe(full), depth + 1);
			} else if (scan_dir(full, files, unread, quiet, depth + 1) != 0) {
				unreadable(unread, full);
			}
			continue;
		}
		/* "~$青岚县….docx": the lock file Word and WPS keep beside a
		 * document that is open, never a report */
		if (strncmp(e->d_name, "~$", 2) == 0 && ns_report_name(e->d_name) > 0) {
			if (!quiet)
				fprintf(stderr, "nianshen: skipped %s (the lock file of a document open in "
				        "Word or WPS, not a report)\n", cli_safe(full));
			continue;
		}
		int kind = ns_report_name(e->d_name);
		if (kind == 0)
			continue;
		if (kind < 0) {
			if (!quiet)
				fprintf(stderr, "nianshen: skipped %s (not a report file by its name)\n",
				        cli_safe(full));
			continue;
		}
		/* a FIFO or a device named as a report is listed too: loading
		 * refuses it without opening it for reading (not a regular file),
		 * and it keeps its row */
		if (isreg && own_results(full, 1, 0)) {
			if (!quiet)
				fprintf(stderr, "nianshen: skipped %s (results written by nianshen, "
				        "not a report)\n", cli_safe(full));
			continue;
		}
		push_file(files, full);
	}
	closedir(d);
	return 0;
}

/* A file named twice (a folder and a folder in it, or a file and its
 * folder, both on the command line) is one report: later names of the
 * same file go.  And this run's own outputs are no reports to score: the
 * NDJSON stream is made before the reports are listed, and an output
 * written into the folder scored is there on the next run (under a name
 * like a report's, "results.json.txt"), replaced by this one.  One stat a
 * file for both.  Returns the new count. */
typedef struct file_id {
	dev_t dev;
	ino_t ino;
	int at; /* its place in the list; -1: no stat */
} file_id;

static int cmp_id(const void *a, const void *b)
{
	const file_id *x = a, *y = b;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return x->at - y->at;
}

static int distinct_files(char **files, int n, const char *const *written, int nwritten,
                          int quiet)
{
	struct stat so[9];
	int m = 0;
	for (int k = 0; k < nwritten; k++)
		if (stat(written[k], &so[m]) == 0 && S_ISREG(so[m].st_mode))
			m++;
	file_id *id = malloc(sizeof *id * (size_t)(n ? n : 1));
	char *drop = calloc((size_t)n + 1, 1); /* 1 named again, 2 an output */
	if (!id || !drop) {
		fprintf(stderr, "nianshen: out of memory listing the reports; nothing was scored\n");
		exit(3);
	}
	int nid = 0, w = 0;
	for (int k = 0; k < n; k++) {
		struct stat st;
		if (stat(files[k], &st) == 0)
			id[nid++] = (file_id){st.st_dev, st.st_ino, k};
	}
	qsort(id, (size_t)nid, sizeof *id, cmp_id);
	for (int j = 0; j < nid; j++) {
		if (j > 0 && id[j].dev == id[j - 1].dev && id[j].ino == id[j - 1].ino) {
			drop[id[j].at] = 1;
			continue;
		}
		for (int o = 0; o < m && !drop[id[j].at]; o++)
			if (id[j].dev == so[o].st_dev && id[j].ino == so[o].st_ino)
				drop[id[j].at] = 2;
	}
	free(id);
	for (int k = 0; k < n; k++) {
		if (drop[k] == 2 && !quiet) /* said once, of its first name, in file order */
			fprintf(stderr, "nianshen: skipped %s (an output of this run, not a report)\n",
			        cli_safe(files[k]));
		if (drop[k])
			free(files[k]);
		else
			files[w++] = files[k];
	}
	free(drop);
	return w;
}

static void list_dir(const char *dir, strlist *files, strlist *unread, int quiet)
{
	int first = files->n;
	if (scan_dir(dir, files, unread, quiet, 0) != 0)
		unreadable(unread, dir);
	qsort(files->v + first, (size_t)(files->n - first), sizeof *files->v, cmp_str);
}

/* ---- what the command line may not do ------------------------------ */

/* path as an absolute name, its directory resolved (the file itself may
 * not exist yet), in buf; 0, or -1 when its directory does not resolve. */
static int abs_name(const char *path, char *buf, size_t cap)
{
	char dir[PATH_MAX], real[PATH_MAX];
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	if (slash)
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path) + (slash == path), path);
	else
		snprintf(dir, sizeof dir, ".");
	if (!realpath(dir, real))
		return -1;
	snprintf(buf, cap, "%s/%s", strcmp(real, "/") ? real : "", base);
	return 0;
}

/* Would the output overwrite a report (a name forgotten after --out, so
 * that a shell glob of the district's .txt files gave it the first)?  An
 * existing file that is an input, or a report by its name that nianshen
 * did not write (last run's results may be overwritten) in a directory
 * the inputs are in or are. */
static int clobbers(const char *out, char **paths, int npaths)
{
	struct stat so, si;
	char o[PATH_MAX + 256], in[PATH_MAX + 256];
	if (strcmp(out, "-") == 0 || stat(out, &so) != 0 || !S_ISREG(so.st_mode) ||
	    abs_name(out, o, sizeof o) != 0)
		return 0; /* a new file clobbers nothing */
	*strrchr(o, '/') = 0; /* its directory */
	const char *slash = strrchr(out, '/');
	int mine = own_results(out, 1, 1); /* last run's results: overwritten as ever */
	int report = ns_report_name(slash ? slash + 1 : out) > 0 && !mine;
	for (int k = 0; k < npaths; k++) {
		if (stat(paths[k], &si) != 0)
			continue;
		if (si.st_dev == so.st_dev && si.st_ino == so.st_ino)
			return 1;
		int dir = S_ISDIR(si.st_mode) ? realpath(paths[k], in) != NULL
		                              : abs_name(paths[k], in, sizeof in) == 0;
		if (dir && !S_ISDIR(si.st_mode))
			*strrchr(in, '/') = 0;
		if (report && dir && strcmp(in, o[0] ? o : "/") == 0)
			return 1;
		/* the file itself, whatever leads to it (a link elsewhere to a
		 * report of a directory scored) */
		DIR *dd = S_ISDIR(si.st_mode) && !mine ? opendir(paths[k]) : NULL;
		struct dirent *e;
		int hit = 0;
		while (dd && !hit && (e = readdir(dd))) {
			struct stat sf;
			char full[PATH_MAX + 256];
			snprintf(full, sizeof full, "%s/%s", paths[k], e->d_name);
			hit = ns_report_name(e->d_name) > 0 && stat(full, &sf) == 0 &&
			      sf.st_dev == so.st_dev && sf.st_ino == so.st_ino;
		}
		if (dd)
			closedir(dd);
		if (hit)
			return 1;
	}
	return 0;
}

/* Refuse, before anything is written, a command line that would lose a
 * file or score what the user did not mean: an output over a report of
 * the run or over another output, an input that does not exist (a typo
 * would otherwise be scored as a report that failed to load, and its
 * "results" replace the last good ones), --agency or --agency-type over
 * more than one report.  0, or the exit status. */
static int check_command_line(char **paths, int npaths, const char *const *all, int n,
                              const ns_load_opts *opts, const char *scheme, const char *roster)
{
	for (int k = 0; k < n; k++) {
		struct stat so, si;
		int exists = stat(all[k], &so) == 0;
		const char *inputs[2] = {scheme, roster};
		for (int m = 0; m < 2 && exists; m++)
			if (inputs[m] && stat(inputs[m], &si) == 0 && so.st_dev == si.st_dev &&
			    so.st_ino == si.st_ino) {
				fprintf(stderr, "nianshen: the output %s is the %s %s: it would be "
				        "overwritten; nothing was scored\n", all[k],
				        m ? "roster" : "scheme", inputs[m]);
				return 3;
			}
		if (clobbers(all[k], paths, npaths)) {
			fprintf(stderr, "nianshen: the output %s is a report (one given to score, or "
			        "a report file by its name that nianshen did not write): it would be "
			        "overwritten (a file name forgotten after an output option?); nothing "
			        "was scored\n", all[k]);
			return 3;
		}
		/* a device or a FIFO takes any number of outputs (/dev/null) */
		char a[PATH_MAX + 256], b[PATH_MAX + 256];
		if ((exists && !S_ISREG(so.st_mode)) || abs_name(all[k], a, sizeof a) != 0)
			continue;
		for (int m = 0; m < k; m++) {
			/* the same name, or two names of one existing file (a link) */
			struct stat sm;
			int same = (abs_name(all[m], b, sizeof b) == 0 && strcmp(a, b) == 0) ||
			           (exists && stat(all[m], &sm) == 0 && sm.st_dev == so.st_dev &&
			            sm.st_ino == so.st_ino);
			if (same) {
				fprintf(stderr, "nianshen: %s is given for two outputs%s: one would overwrite "
				        "the other; nothing was scored\n", all[k],
				        strcmp(a, b) == 0 ? "" : " (under two names)");
				return 3;
			}
		}
	}
	int missing = 0, files = 0;
	for (int k = 0; k < npaths; k++) {
		struct stat st;
		if (stat(paths[k], &st) != 0) {
			if (errno == ENOENT) {
				fprintf(stderr, "nianshen: %s: no such file or directory\n", cli_safe(paths[k]));
				missing++;
			}
			files++;
		} else {
			files += S_ISDIR(st.st_mode) ? 2 : 1; /* a directory: reports, many */
		}
	}
	if (missing) {
		fprintf(stderr, "nianshen: %d of the paths given do%s not exist; nothing was "
		        "scored\n", missing, missing > 1 ? "" : "es");
		return 3;
	}
	if ((opts->agency || opts->agency_type) && files > 1) {
		fprintf(stderr, "nianshen: --agency and --agency-type name the agency of one "
		        "report; give them with one report file (a roster says what agencies a "
		        "district expects: --roster); nothing was scored\n");
		return 64;
	}
	return 0;
}

/* Any other file that holds something, nianshen's own results apart
 * (last run's, replaced as ever), is someone's work: a page saved as
 * report.html, the district's README.md, a Makefile after a slip of the
 * options.  Replaced only when asked (--force).  Asked after the refusals
 * above and the rule files' (whose messages say more); 0 or 3. */
static int not_ours(const char *const *written, int nwritten)
{
	for (int k = 0; k < nwritten; k++) {
		const char *o = written[k];
		struct stat so;
		if (stat(o, &so) == 0 && S_ISREG(so.st_mode) &&
		    so.st_size > 0 && !own_results(o, 1, 1)) {
			fprintf(stderr, "nianshen: the output %s exists and is not a results file "
			        "nianshen wrote: it would be overwritten (--force overwrites it); "
			        "nothing was scored\n", cli_safe(o));
			return 3;
		}
	}
	return 0;
}

/* The run's caps on what checks produce and its breaker (ns_run_limit,
 * docs/rules.md "Limits"), by flag. */
static const char *const run_limit_flags[NS_RUN_NLIMITS] = {
	[NS_RUN_FINDINGS] = "--max-findings", [NS_RUN_MESSAGE_BYTES] = "--max-message",
	[NS_RUN_EVIDENCE] = "--max-evidence", [NS_RUN_OUTPUT_BYTES] = "--max-output",
	[NS_RUN_ERROR_BYTES] = "--max-error-message", [NS_RUN_PRINT_BYTES] = "--max-print",
	[NS_RUN_BREAKER] = "--breaker", [NS_RUN_REPORT_OUTPUT_BYTES] = "--max-report-output",
	[NS_RUN_REPORT_PRINT_BYTES] = "--max-report-print",
};

static int run_limit_flag(const char *a)
{
	for (int k = 0; k < NS_RUN_NLIMITS; k++)
		if (strcmp(a, run_limit_flags[k]) == 0)
			return k;
	return -1;
}

/* A roster's agency type: an id, or its Chinese name as the outputs write
 * it; "" for none.  NULL for anything else (a typo would otherwise be
 * written into every output as the agency's type). */
static const char *roster_type(const char *t)
{
	static const char *const names[][2] = {
		{"township", "township"}, {"government", "government"},
		{"department", "department"}, {"unknown", ""}, {"", ""},
		{"乡镇（街道）", "township"}, {"乡镇(街道)", "township"}, {"乡镇", "township"},
		{"街道", "township"}, {"政府", "government"}, {"部门", "department"}};
	for (size_t k = 0; k < sizeof names / sizeof *names; k++)
		if (strcasecmp(t, names[k][0]) == 0)
			return names[k][1];
	return NULL;
}

#define ROSTER_HEAD_LINES 5 /* lines of a title and a header, looked at */

/* The first sep in [p, end) outside brackets (（…） or (…): "青岚县发展和
 * 改革局（青岚县粮食局，青岚县物价局）" is one name), or NULL. */
static const char *roster_sep_at(const char *p, const char *end, const char *sep)
{
	size_t sl = strlen(sep);
	int depth = 0;
	for (; p + sl <= end; p++) {
		if (*p == '(' || strncmp(p, "\xEF\xBC\x88", 3) == 0) /* （ */
			depth++;
		else if ((*p == ')' || strncmp(p, "\xEF\xBC\x89", 3) == 0) && depth > 0) /* ） */
			depth--;
		else if (!depth && memcmp(p, sep, sl) == 0)
			return p;
	}
	return NULL;
}

/* The roster's field separator: the first of tab, comma, semicolon (either
 * width), full-width comma that its first line of text holding any holds
 * (a spreadsheet saved as "Unicode text" has tabs; a list typed with a
 * Chinese keyboard, "，", which a name may hold too: "（…，…）"; a sheet's
 * title row above its header, one merged cell, may hold none); a comma
 * when none of its first lines holds one. */
static const char *roster_separator(const char *text, size_t len)
{
	static const char *const seps[] = {"\t", ",", ";", "\xEF\xBC\x9B", "\xEF\xBC\x8C"};
	int lines = 0;
	for (size_t i = 0, eol = 0; i < len && lines < ROSTER_HEAD_LINES; i = eol + 1) {
		eol = i;
		while (eol < len && text[eol] != '\n')
			eol++;
		if (eol <= i + (text[eol - 1] == '\r') || text[i] == '#')
			continue; /* blank, or a remark */
		lines++;
		for (size_t k = 0; k < sizeof seps / sizeof *seps; k++)
			if (roster_sep_at(text + i, text + eol, seps[k]))
				return seps[k];
	}
	return ",";
}

/* Is the quote at text[q] a field's quoting, closed where the field ends
 * (after its closing quote, spaces, then the separator or the line's end)?
 * A quote typed by hand at a name's start and never closed
 * ("\"青岚县财政局,部门,是") is none: read as a quoted field, it took every
 * line after it, the rest of the roster, for one agency's name. */
static int roster_quoted(const char *text, size_t len, size_t q, const char *sep)
{
	size_t i = q + 1;
	for (; i < len; i++)
		if (text[i] == '"') {
			if (i + 1 < len && text[i + 1] == '"')
				i++; /* "" */
			else
				break;
		}
	if (i >= len)
		return 0; /* never closed */
	for (i++; i < len && (text[i] == ' ' || text[i] == '\r' || (text[i] == '\t' && *sep != '\t'));
	     i++)
		;
	return i >= len || text[i] == '\n' || strncmp(text + i, sep, strlen(sep)) == 0;
}

/* One record of the roster from text[*at, len) into buf (cap bytes): its
 * fields, NUL-ended, at f[0, return value) (8 at most), *at past it and
 * *lines the lines it spans.  As a spreadsheet writes CSV: a field in
 * quotes holds the separator, line breaks (a cell's Alt+Enter) and "" for
 * a quote (roster_quoted); one not quoted ends at the separator outside
 * brackets (roster_sep_at) or at the line's end. */
static int roster_record(const char *text, size_t len, size_t *at, const char *sep, char *buf,
                         size_t cap, char **f, int *lines)
{
	size_t i = *at, o = 0, sl = strlen(sep);
	int n = 0;
	*lines = 1;
	for (;;) {
		size_t from = o;
		if (n < 8)
			f[n++] = buf + o;
		size_t j = i;
		while (j < len && (text[j] == ' ' || (text[j] == '\t' && *sep != '\t')))
			j++;
		if (j < len && text[j] == '"' && roster_quoted(text, len, j, sep)) { /* quoted */
			for (i = j + 1; i < len; i++) {
				if (text[i] == '"' && (i + 1 >= len || text[i + 1] != '"')) {
					i++;
					break;
				}
				if (text[i] == '"')
					i++; /* "" */
				*lines += text[i] == '\n';
				if (o + 1 < cap)
					buf[o++] = text[i];
			}
			/* anything after the closing quote, up to the separator */
		}
		size_t eol = i;
		while (eol < len && text[eol] != '\n')
			eol++;
		const char *c = roster_sep_at(text + i, text + eol, sep);
		size_t end = c ? (size_t)(c - text) : eol;
		size_t room = cap - 1 - o; /* (o < cap: a line too long is cut) */
		size_t take = end - i < room ? end - i : room;
		memcpy(buf + o, text + i, take);
		o += take;
		while (o > 0 && (buf[o - 1] == '\r') && !c)
			o--;
		/* a field cut where the line is too long ends at a character */
		o = from + nst_whole_chars(buf + from, o - from);
		buf[o] = 0;
		o += o + 1 < cap;
		if (!c) {
			*at = eol + 1;
			return n;
		}
		i = end + sl;
	}
}

/* A header naming the agency column in words of its own: short, without
 * digits, holding 名称 or ending as a list of agencies' column does
 * ("被考核单位", "责任单位", "公开主体"); what is in brackets is not read. */
static int roster_agency_head(const char *f)
{
	char w[64];
	size_t o = 0;
	int depth = 0;
	for (const char *p = f; *p; p++) {
		if (*p >= '0' && *p <= '9')
			return 0;
		if (*p == '(' || strncmp(p, "（", 3) == 0)
			depth++;
		else if (*p == ')' || strncmp(p, "）", 3) == 0)
			depth -= depth > 0;
		else if (!depth && o + 1 < sizeof w)
			w[o++] = *p;
		if (strncmp(p, "（", 3) == 0 || strncmp(p, "）", 3) == 0)
			p += 2;
	}
	w[o] = 0;
	if (!o || o > 30) /* ten characters */
		return 0;
	static const char *const ends[] = {"名称", "单位", "机关", "机构", "部门", "主体", "对象", NULL};
	if (strstr(w, "名称"))
		return 1;
	for (int k = 0; ends[k]; k++)
		if (o >= strlen(ends[k]) && strcmp(w + o - strlen(ends[k]), ends[k]) == 0)
			return 1;
	return 0;
}

/* Is a record of the roster data: one of its fields an agency's name or
 * type (…局, …人民政府, 部门)?  A header's words are neither, nor is a
 * sheet's title above it. */
static int roster_data(char **f, int n)
{
	if (n > 0 && f[0][0] == '#')
		return 0; /* a remark */
	for (int k = 0; k < n; k++) {
		const char *t = roster_type(f[k]); /* "部门": a type */
		if (nsm_agency_type(f[k]) != NS_AGENCY_UNKNOWN || (t && *t))
			return 1;
	}
	return 0;
}

/* Is the roster's first line a header (its first field, or any field
 * naming the agency column)?  Then col[] gets the fields of agency, type
 * and expected by their names ("序号,单位名称,单位类型,是否应公开"). */
static int roster_header(char **f, int n, int col[3])
{
	static const char *const names[3][10] = {
		{"agency", "name", "单位", "单位名称", "机关", "机关名称", "名称", "单位全称",
		 "部门名称", NULL},
		{"type", "agency_type", "类型", "类别", "单位类型", "机关类型", "单位类别", NULL},
		{"expected", "是否应公开", "应公开", "是否公开", "应发布", "是否发布", "是否应发布",
		 NULL}};
	int at[3] = {-1, -1, -1};
	for (int k = 0; k < 3; k++)
		for (int j = 0; j < n && at[k] < 0; j++)
			for (int m = 0; names[k][m] && at[k] < 0; m++)
				if (strcasecmp(f[j], names[k][m]) == 0)
					at[k] = j;
	/* the agency column under a wording of its own ("单位名称（全称）",
	 * "部门（单位）名称", "机构名称", "被考核单位"), in a line none of whose
	 * fields is an agency's name or type: a data row's remark ("单位名称变
	 * 更") is no header, its agency (…局, …人民政府) or its 部门 says so */
	for (int j = 0; j < n && at[0] < 0; j++)
		if (roster_agency_head(f[j]) && !roster_data(f, n))
			at[0] = j;
	if (at[0] < 0)
		return 0;
	/* the yes/no column under a wording of its own ("是否应当公开", "应否
	 * 发布", "是否需要公开"): a question of publishing */
	for (int j = 0; j < n && at[2] < 0; j++)
		if (j != at[0] && j != at[1] && (strstr(f[j], "公开") || strstr(f[j], "发布")) &&
		    (strstr(f[j], "是否") || strstr(f[j], "应否") || strstr(f[j], "应当") ||
		     strstr(f[j], "需")))
			at[2] = j;
	/* a column the header does not name is none (序号,单位名称,类型,备注:
	 * 备注 is no "expected"; every agency listed is expected) */
	for (int k = 0; k < 3; k++)
		col[k] = at[k];
	return 1;
}

/* The fields f[0, n) of a record without the spaces, tabs and line breaks
 * around them, and the quotes a field not quoted whole was left with
 * ("青岚县财政局""). */
static void roster_trim(char **f, int n)
{
	for (int k = 0; k < n; k++) {
		while (*f[k] && strchr(" \"\t\r\n", *f[k]))
			f[k]++;
		size_t len = strlen(f[k]);
		while (len && strchr(" \"\t\r\n", f[k][len - 1]))
			f[k][--len] = 0;
	}
}

/* A roster (--roster FILE): lines "agency,type,expected" (UTF-8, a BOM,
 * a header line and a title above it allowed, cells quoted as CSV quotes
 * them); expected no/0/false/否 leaves an agency out.  Returns the
 * agencies added, -1 when the file cannot be read (errno), -2 for a line
 * it refused (said on stderr). */
static int read_roster(ns_run *run, const char *path)
{
	/* a roster is the auditor's spreadsheet saved as CSV: UTF-8, or what
	 * Excel on a Chinese Windows writes (GB18030, or UTF-16 as "Unicode
	 * text"), decoded as reports are */
	FILE *f = cli_open_input(path, 1);
	if (!f)
		return -1;
	size_t len = 0, cap = 0;
	char *raw = NULL;
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			char *p = cap <= (64u << 20) ? realloc(raw, cap + 1) : NULL;
			if (!p) {
				free(raw);
				fclose(f);
				errno = EFBIG;
				return -1;
			}
			raw = p;
		}
		size_t got = fread(raw + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	int bad = ferror(f);
	fclose(f);
	char *text = NULL;
	size_t tlen = 0, at = 0;
	const char *enc = NULL;
	int bom = 0;
	const char *utf16 = bad ? NULL : nst_utf16_form(raw, len, &bom);
	int dec = bad ? -1 : utf16 ? nst_utf16_to_utf8(raw, len, utf16, &text, &tlen, &at)
	                           : nst_to_utf8(raw, len, NULL, &text, &tlen, &enc, &at);
	free(raw);
	if (bad)
		return -1;
	if (dec != 0) {
		fprintf(stderr, "nianshen: roster %s: not text in UTF-8, GB18030 or UTF-16 (byte %zu); "
		        "nothing was scored\n", path, at);
		return -2;
	}
	char line[2048];
	const char *sep = roster_separator(text, tlen);
	int n = 0, lineno = 1, listed = 0;
	int col[3] = {0, 1, 2}; /* the fields agency, type, expected are */
	size_t i = strncmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	/* a header among its first lines ("序号,单位名称,类型"): what is above
	 * it is the sheet's title ("青岚县2024年度…应发布单位名单,,,"), no
	 * agency; the header names the columns, taken by name.  Below a line
	 * of data there is none: a roster without a header whose third name
	 * reads as a column's ("青岚县直属机关") lost the two above it */
	size_t body = i;
	int body_line = 1;
	for (int seen = 0, ln = 1; i < tlen && seen < ROSTER_HEAD_LINES;) {
		char *all[8];
		int lines, nall = roster_record(text, tlen, &i, sep, line, sizeof line, all, &lines);
		roster_trim(all, nall);
		ln += lines;
		if (nall == 1 && !*all[0])
			continue; /* blank */
		seen++;
		if (roster_header(all, nall, col)) {
			body = i;
			body_line = ln;
			break;
		}
		if (roster_data(all, nall))
			break;
	}
	i = body;
	lineno = body_line;
	while (i < tlen) {
		char *all[8];
		int rec = lineno, lines; /* the record's first line */
		int nall = roster_record(text, tlen, &i, sep, line, sizeof line, all, &lines);
		lineno += lines;
		roster_trim(all, nall);
		char *fld[3];
		for (int k = 0; k < 3; k++)
			fld[k] = col[k] >= 0 && col[k] < nall ? all[col[k]] : "";
		if (!*fld[0] || fld[0][0] == '#')
			continue;
		listed++;
		/* expected: empty or yes, or no; a word that is neither (不公开,
		 * 待定) is not taken for yes */
		const char *e = fld[2];
		if (strcasecmp(e, "no") == 0 || strcmp(e, "0") == 0 || strcasecmp(e, "false") == 0 ||
		    strcmp(e, "否") == 0 || strcasecmp(e, "n") == 0)
			continue;
		if (*e && strcasecmp(e, "yes") != 0 && strcmp(e, "1") != 0 &&
		    strcasecmp(e, "true") != 0 && strcmp(e, "是") != 0 && strcasecmp(e, "y") != 0) {
			fprintf(stderr, "nianshen: roster %s:%d: expected '%s' is neither yes (是, 1, "
			        "true, y, or empty) nor no (否, 0, false, n); nothing was scored\n", path,
			        rec, cli_safe(e));
			free(text);
			return -2;
		}
		/* "青岚县 民政局": no agency's name holds a space, nor what a
		 * paste from a web page or Excel leaves (NBSP, zero-width, a
		 * cell's line break) */
		char *w = fld[0];
		for (char *r = fld[0]; *r;) {
			if (*r == ' ' || *r == '\t' || *r == '\r' || *r == '\n')
				r++;
			else if (strncmp(r, "\xC2\xA0", 2) == 0) /* U+00A0 */
				r += 2;
			else if (strncmp(r, "\xE3\x80\x80", 3) == 0 || /* U+3000 */
			         strncmp(r, "\xE2\x80\x8B", 3) == 0 || /* U+200B */
			         strncmp(r, "\xEF\xBB\xBF", 3) == 0)   /* U+FEFF */
				r += 3;
			else
				*w++ = *r++;
		}
		*w = 0;
		const char *type = roster_type(fld[1]);
		if (!type) {
			static const char *const known[] = {"township", "government", "department",
			                                    "乡镇（街道）", "政府", "部门", NULL};
			char hint[512];
			nse_hint(hint, sizeof hint, fld[1], known, -1);
			fprintf(stderr, "nianshen: roster %s:%d: agency type '%s' is none of township, "
			        "government, department (or 乡镇（街道）, 政府, 部门, or empty) %s; "
			        "nothing was scored\n", path, rec, cli_safe(fld[1]), hint);
			free(text);
			return -2;
		}
		int added = nse_run_expect(run, fld[0], type);
		if (added == 1)
			fprintf(stderr, "nianshen: roster %s:%d: %s is listed twice; counted once\n", path,
			        rec, cli_safe(fld[0]));
		else if (added == NS_OK)
			n++;
	}
	free(text);
	if (!listed) {
		/* an empty file, a header alone: a roster that checks nothing
		 * would report "0 not published" as if every agency had */
		fprintf(stderr, "nianshen: roster %s names no agency (an empty file, or a header "
		        "without rows?); nothing was scored\n", path);
		return -2;
	}
	return n;
}

int cli_score(int argc, char **argv)
{
	const char *scheme_path = NULL;
	char shipped[PATH_MAX]; /* --scheme default: the shipped scheme's path */
	const char *ndjson = NULL; /* --ndjson FILE|-: a line per report, as scored */
	const char *outs[8], *fmts[8]; /* --csv/--html/--xlsx name the format;
	                                * --out goes by the extension (JSON else) */
	int nout = 0, jobs = 1, quiet = 0, profile = 0;
	int force = 0; /* --force: outputs may replace files nianshen did not write */
	int year = -1;             /* --year Y; by default the latest year */
	const char *roster = NULL; /* --roster agencies.csv */
	long top = 0;              /* --top N: the ranking printed, cut */
	long long load_lims[2] = {0, 0}; /* --max-load-seconds, --max-load-memory */
	int lim;
	ns_load_opts opts = {0};
	long long max_steps = 0, max_mem = 0, max_secs = 0;
	long long run_lims[NS_RUN_NLIMITS]; /* -1: the run's default */
	for (int k = 0; k < NS_RUN_NLIMITS; k++)
		run_lims[k] = -1;
	int twice = cli_repeated("score", argc, argv);
	if (twice)
		return twice;
	char **paths = calloc((size_t)argc, sizeof *paths);
	int npaths = 0;
	int only_paths = 0; /* after "--": a file named "-x" too */
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (only_paths || a[0] != '-') {
			paths[npaths++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_paths = 1;
			continue;
		}
		int miss = cli_value_missing("score", argc, argv, i);
		if (miss) {
			free(paths);
			return miss;
		}
		if (strcmp(a, "--scheme") == 0 && i + 1 < argc)
			scheme_path = nse_scheme_path(argv[++i], shipped, sizeof shipped);
		else if ((strcmp(a, "--out") == 0 || strcmp(a, "--csv") == 0 ||
		          strcmp(a, "--xlsx") == 0 || strcmp(a, "--html") == 0) && i + 1 < argc && nout < 8)
		{
			if (strcmp(argv[i + 1], "-") == 0) { /* stdout has the ranking */
				free(paths);
				return cli_usage(stderr, "score: %s writes a file, and '-' is none (only "
				                 "--ndjson - writes to stdout)", a);
			}
			fmts[nout] = strcmp(a, "--out") == 0 ? NULL : a + 2;
			outs[nout++] = argv[++i];
		}
		else if (strcmp(a, "--ndjson") == 0 && i + 1 < argc)
			ndjson = argv[++i];
		else if (strcmp(a, "--csv-ids") == 0 && i + 1 < argc && nout < 8) {
			fmts[nout] = "csv-ids";
			outs[nout++] = argv[++i];
		}
		else if (strcmp(a, "--year") == 0 && i + 1 < argc && strcmp(argv[i + 1], "all") == 0) {
			year = 0; /* every year in one ranking, as before --year */
			i++;
		}
		else if (strcmp(a, "--year") == 0 && i + 1 < argc) {
			if (cli_year(argv[++i], &year) != 0) {
				free(paths);
				return cli_usage(stderr, "score: --year takes a year (2019, 2024...) or all, "
				                 "not '%s'", cli_safe(argv[i]));
			}
		}
		else if (strcmp(a, "--top") == 0 && i + 1 < argc) {
			char *end;
			top = strtol(argv[++i], &end, 10);
			if (*end || argv[i][0] == 0 || top < 1 || top > 1000000) {
				free(paths);
				return cli_usage(stderr, "score: --top takes a number of reports from 1, "
				                 "not '%s'", cli_safe(argv[i]));
			}
		}
		else if (strcmp(a, "--roster") == 0 && i + 1 < argc)
			roster = argv[++i];
		else if (strcmp(a, "--jobs") == 0 && i + 1 < argc) {
			char *end;
			long v = strtol(argv[++i], &end, 10);
			if (*end || v < 1 || v > 64) {
				free(paths);
				return cli_usage(stderr, "score: --jobs takes a number from 1 to 64, not '%s'",
				                 cli_safe(argv[i]));
			}
			jobs = (int)v;
		}
		else if ((lim = cli_limit_option(load_lims, argc, argv, &i)) != 0) {
			if (lim < 0) {
				free(paths);
				return cli_usage(stderr, "score: %s takes %s, not '%s'", a,
				                 strcmp(a, "--max-load-memory") == 0 ? CLI_TAKES_BYTES
				                 : CLI_TAKES_SECONDS, cli_safe(argv[i]));
			}
		}
		else if ((strcmp(a, "--max-steps") == 0 || strcmp(a, "--max-memory") == 0 ||
		          strcmp(a, "--max-seconds") == 0) && i + 1 < argc) {
			long long *to = strcmp(a, "--max-steps") == 0 ? &max_steps :
			                strcmp(a, "--max-memory") == 0 ? &max_mem : &max_secs;
			if (cli_number(argv[++i], to == &max_mem, to) != 0) {
				free(paths);
				return cli_usage(stderr, "score: %s takes %s, not '%s'", a,
				                 to == &max_mem ? CLI_TAKES_BYTES : to == &max_secs
				                 ? CLI_TAKES_SECONDS : "a number from 1", cli_safe(argv[i]));
			}
		}
		else if (strcmp(a, "--quiet") == 0)
			quiet = 1;
		else if (strcmp(a, "--profile") == 0)
			profile = 1;
		else if (strcmp(a, "--force") == 0)
			force = 1;
		else if (run_limit_flag(a) >= 0 && i + 1 < argc) {
			int k = run_limit_flag(a);
			int bytes = k == NS_RUN_MESSAGE_BYTES || k == NS_RUN_OUTPUT_BYTES ||
			            k == NS_RUN_ERROR_BYTES || k == NS_RUN_PRINT_BYTES ||
			            k == NS_RUN_REPORT_OUTPUT_BYTES || k == NS_RUN_REPORT_PRINT_BYTES;
			char *end;
			long long v = strtoll(argv[++i], &end, 10);
			if (k != NS_RUN_BREAKER) /* a size may end in K, M or G */
				v = cli_number(argv[i], bytes, &v) == 0 ? v : -1, end = "";
			if (*end || argv[i][0] == 0 || v < (k == NS_RUN_BREAKER ? 0 : 1) || v > (1ll << 40)) {
				free(paths);
				return cli_usage(stderr, "score: %s takes %s, not '%s'", a,
				                 k == NS_RUN_BREAKER ? "a number from 0" : bytes ? CLI_TAKES_BYTES
				                 : "a number from 1", cli_safe(argv[i]));
			}
			run_lims[k] = v;
		}
		else if ((lim = cli_load_option("score", &opts, argc, argv, &i)) != 0) {
			if (lim > 1) {
				free(paths);
				return lim;
			}
		}
		else {
			free(paths);
			return cli_usage(stderr, "score: unknown option %s%s", cli_safe(a),
			                 cli_option_hint("score", a));
		}
	}
	if (npaths == 0) {
		free(paths);
		return cli_usage(stderr, "score: no report file or directory given");
	}
	/* the standard scheme when none is named: what `make demo` scores with
	 * (the ranking's head names the scheme and its sha256) */
	if (!scheme_path) {
		snprintf(shipped, sizeof shipped, "%s/schemes/default.lua", nse_rules_dir());
		scheme_path = shipped;
	}

	for (int k = 0; k < nout; k++) {
		size_t l = strlen(outs[k]);
		if (fmts[k] && strcmp(fmts[k], "xlsx") == 0 && l > 4 &&
		    strcasecmp(outs[k] + l - 4, ".xls") == 0) {
			free(paths);
			return cli_usage(stderr, "score: --xlsx writes an XLSX workbook: name it .xlsx "
			                 "(%s would open with Excel's warning that its format and its "
			                 "extension do not match)", outs[k]);
		}
		/* --csv r.json, --html r.csv: a file named as another format
		 * nianshen writes is a slip of the options (ns_run_write_as
		 * refuses it too; told here before anything is scored) */
		const char *f = fmts[k] && strcmp(fmts[k], "csv-ids") == 0 ? "csv" : fmts[k];
		const char *named = f ? nsw_format_named(outs[k]) : NULL;
		if (named && strcmp(named, f) != 0) {
			free(paths);
			return cli_usage(stderr, "score: --%s writes %s, but %s is named as %s "
			                 "would be: name it .%s (or give it to --%s)", fmts[k],
			                 strcmp(f, "xlsx") == 0 ? "an XLSX workbook" :
			                 strcmp(f, "html") == 0 ? "HTML" : "CSV", cli_safe(outs[k]),
			                 strrchr(outs[k], '.'), f, strcmp(named, "json") == 0 ? "out" : named);
		}
	}
	/* the files the run writes (--ndjson - is stdout, no file) */
	const char *written[9];
	int nwritten = 0;
	for (int k = 0; k < nout; k++)
		written[nwritten++] = outs[k];
	if (ndjson && strcmp(ndjson, "-") != 0)
		written[nwritten++] = ndjson;
	int bad = check_command_line(paths, npaths, written, nwritten, &opts, scheme_path, roster);
	if (bad) {
		free(paths);
		return bad;
	}
	ns_ctx *ctx = ns_open();
	if (max_steps > 0)
		ns_limit_set(ctx, NS_LIMIT_RULE_STEPS, max_steps);
	if (max_mem > 0)
		ns_limit_set(ctx, NS_LIMIT_RULE_MEMORY, max_mem);
	if (max_secs > 0)
		ns_limit_set(ctx, NS_LIMIT_RULE_SECONDS, max_secs);
	cli_apply_limits(ctx, load_lims);
	/* a results file that cannot be written is said now, not after all
	 * the loading and scoring */
	for (int k = 0; k < nout; k++)
		if (ns_output_check(ctx, outs[k]) != NS_OK) {
			fprintf(stderr, "nianshen: cannot write %s; nothing was scored\n",
			        cli_safe(ns_errmsg(ctx)));
			ns_close(ctx);
			free(paths);
			return 3;
		}
	ns_scheme *scheme;
	if (ns_scheme_load(ctx, scheme_path, &scheme) != NS_OK) {
		const char *msg = ns_errmsg(ctx);
		/* the message names the file already when it is the file's */
		if (strncmp(msg, scheme_path, strlen(scheme_path)) == 0)
			fprintf(stderr, "nianshen: scheme %s\n", cli_safe(msg));
		else
			fprintf(stderr, "nianshen: scheme %s: %s\n", scheme_path, cli_safe(msg));
		/* a load stops at a mistake that keeps the rest from being read
		 * (the scheme's data before the indicators it names): lint goes on */
		if (!strstr(msg, "nianshen lint") && !strstr(msg, "--max-") &&
		    !strstr(msg, "cannot read the scheme"))
			fprintf(stderr, "nianshen: nianshen lint %s lists every mistake it finds\n",
			        cli_safe(scheme_path));
		ns_close(ctx);
		free(paths);
		return 3;
	}
	if (nse_scheme_note(scheme)[0])
		fprintf(stderr, "nianshen: note: %s\n", cli_safe(nse_scheme_note(scheme)));
	/* an output over one of the scheme's rule files (the scheme file and
	 * the roster are refused above, before it loads) */
	for (int k = 0; k < nwritten; k++) {
		const char *o = written[k];
		char rf[4096];
		if (nse_scheme_rule_file(scheme, o, rf, sizeof rf)) {
			fprintf(stderr, "nianshen: the output %s is the rule file %s of the scheme: "
			        "it would be overwritten; nothing was scored\n", cli_safe(o),
			        cli_safe(rf));
			ns_scheme_free(scheme);
			ns_close(ctx);
			free(paths);
			return 3;
		}
	}
	if (!force && not_ours(written, nwritten)) {
		ns_scheme_free(scheme);
		ns_close(ctx);
		free(paths);
		return 3;
	}
	/* the stream is opened now too (after the scheme, whose rule files
	 * it must not truncate), for the same reason; '-' is stdout,
	 * which then carries the stream alone (no ranking, no "wrote") */
	int nd_fd = -1;
	if (ndjson) {
		/* opened without waiting: a FIFO nobody reads is refused (ENXIO)
		 * rather than waited on for ever; then written to blocking */
		nd_fd = strcmp(ndjson, "-") == 0 ? STDOUT_FILENO
		        : open(ndjson, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NONBLOCK, 0666);
		if (nd_fd >= 0 && nd_fd != STDOUT_FILENO) {
			int fl = fcntl(nd_fd, F_GETFL);
			if (fl >= 0)
				fcntl(nd_fd, F_SETFL, fl & ~O_NONBLOCK);
		}
		if (nd_fd < 0) {
			fprintf(stderr, "nianshen: cannot write %s: %s; nothing was scored\n",
			        ndjson, strerror(errno));
			ns_scheme_free(scheme);
			ns_close(ctx);
			free(paths);
			return 3;
		}
		if (nd_fd == STDOUT_FILENO)
			quiet = 1;
		/* a reader that goes away (| head) is a failed write, said at the
		 * end, not a run killed by SIGPIPE */
		signal(SIGPIPE, SIG_IGN);
	}
	strlist listed = {0}, unread = {0}; /* unread: reason, path, … */
	for (int k = 0; k < npaths; k++) {
		struct stat st;
		if (stat(paths[k], &st) == 0 && S_ISDIR(st.st_mode)) {
			list_dir(paths[k], &listed, &unread, quiet);
		} else if (own_results(paths[k], 0, 0)) {
			if (!quiet)
				fprintf(stderr, "nianshen: skipped %s (results written by nianshen, "
				        "not a report)\n", cli_safe(paths[k]));
		} else {
			push_file(&listed, paths[k]);
		}
	}
	free(paths);
	char **files = listed.v;
	int nfiles = distinct_files(files, listed.n, written, nwritten, quiet);
	if (nfiles == 0 && unread.n == 0) {
		/* nothing to rank: said once, with no ranking that claims "all
		 * passed" above it */
		fprintf(stderr, "nianshen: no report files found; nothing was scored\n");
		free(files);
		ns_scheme_free(scheme);
		ns_close(ctx);
		return NS_OUTCOME_ERRORS;
	}
	ns_run *run = ns_run_new(ctx, scheme);
	ns_run_set_year(run, year);
	int nroster = roster ? read_roster(run, roster) : 0;
	if (nroster < 0) {
		if (nroster == -1)
			fprintf(stderr, "nianshen: cannot read the roster %s: %s; nothing was scored\n",
			        roster, errno == EINVAL ? "not a regular file (a FIFO, a device?)"
			        : strerror(errno));
		for (int k = 0; k < nfiles; k++)
			free(files[k]);
		free(files);
		ns_run_free(run);
		ns_scheme_free(scheme);
		ns_close(ctx);
		return 3;
	}
	/* each file is loaded in a worker process of its own, --jobs at once,
	 * under the load limits: a file that hangs, crashes or eats memory is
	 * its own load error and the run goes on.  Results stay in file order. */
	ns_loaded *got = calloc((size_t)nfiles + 1, sizeof *got);
	/* progress only where someone watches: stderr a terminal, not --quiet */
	int show = !quiet && isatty(STDERR_FILENO);
	progress pl = {"loaded", 0, nfiles, now(), 0, 0, -1};
	/* with progress, files are loaded a slice at a time, to count them */
	int slice = show ? (jobs * 16 > 64 ? jobs * 16 : 64) : nfiles;
	for (int from = 0; got && from < nfiles; from += slice) {
		int n = nfiles - from < slice ? nfiles - from : slice;
		if (ns_load_files(ctx, (const char *const *)files + from, n, &opts, jobs,
		                  got + from) != NS_OK) {
			fprintf(stderr, "nianshen: %s\n", cli_safe(ns_errmsg(ctx)));
			break;
		}
		pl.done = from + n;
		if (show)
			progress_show(&pl, 0);
	}
	if (show)
		progress_show(&pl, 1);
	if (!got)
		fprintf(stderr, "nianshen: out of memory\n");
	for (int k = 0; k < nfiles; k++) {
		if (got && got[k].report) {
			ns_run_add(run, got[k].report);
			ns_report_release(got[k].report);
		} else {
			const char *msg = got && got[k].msg ? got[k].msg : "not loaded";
			fprintf(stderr, "nianshen: %s\n", cli_safe(msg));
			ns_run_add_failure(run, files[k], got ? got[k].code : NS_ERR_NOMEM, msg);
		}
		if (got)
			free(got[k].msg);
		free(files[k]);
	}
	for (int k = 0; k + 1 < unread.n; k += 2) {
		fprintf(stderr, "nianshen: %s\n", cli_safe(unread.v[k]));
		ns_run_add_failure(run, unread.v[k + 1], NS_ERR_IO, unread.v[k]);
	}
	for (int k = 0; k < unread.n; k++)
		free(unread.v[k]);
	free(unread.v);
	free(got);
	free(files);
	for (int k = 0; k < NS_RUN_NLIMITS; k++)
		if (run_lims[k] >= 0)
			ns_run_limit_set(run, (ns_run_limit)k, run_lims[k]);
	/* scoring progress: the run's stream, when no --ndjson takes it,
	 * counted on a pipe by a thread */
	progress ps = {"scored", 0, nfiles, now(), 0, 0, -1};
	pthread_t pt;
	int pipefd[2] = {-1, -1}, threaded = 0;
	if (show && nd_fd < 0 && pipe2(pipefd, O_CLOEXEC) == 0) {
		ps.fd = pipefd[0];
		threaded = pthread_create(&pt, NULL, progress_thread, &ps) == 0;
		if (threaded) {
			signal(SIGPIPE, SIG_IGN);
			ns_run_stream(run, pipefd[1]);
		} else {
			close(pipefd[0]);
			close(pipefd[1]);
		}
	} else {
		ns_run_stream(run, nd_fd);
	}
	ns_run_set_profile(run, profile);
	int rc = ns_run_execute(run, jobs);
	if (threaded) {
		close(pipefd[1]); /* the thread sees the end */
		pthread_join(pt, NULL);
		close(pipefd[0]);
		progress_show(&ps, 1);
		ns_run_stream(run, -1);
	}
	/* refused before scoring (--jobs is checked above, so the one reason
	 * left is --year Y with no report of Y): said, not an empty ranking
	 * with every report listed as another year's */
	if (rc == NS_ERR_ARG) {
		fprintf(stderr, "nianshen: %s (--year all ranks every year)\n",
		        cli_safe(ns_errmsg(ctx)));
		if (nd_fd >= 0 && nd_fd != STDOUT_FILENO)
			close(nd_fd);
		ns_run_free(run);
		ns_scheme_free(scheme);
		ns_close(ctx);
		return 64;
	}
	if (rc != NS_OK)
		fprintf(stderr, "nianshen: %s\n", cli_safe(ns_errmsg(ctx)));
	if (nd_fd >= 0 && nd_fd != STDOUT_FILENO && close(nd_fd) != 0 &&
	    !ns_run_stream_error(run)) {
		fprintf(stderr, "nianshen: cannot write %s: %s\n", ndjson, strerror(errno));
		rc = 3;
	}
	if (ns_run_stream_error(run)) {
		fprintf(stderr, "nianshen: cannot write %s: %s; the stream stops there\n",
		        strcmp(ndjson, "-") == 0 ? "the NDJSON stream (stdout)" : ndjson,
		        ns_run_stream_error(run));
		rc = 3;
	}
	/* the ranking piped into head: the reader gone is no reason to lose
	 * the files still to write (a write to the pipe fails, and that is all) */
	signal(SIGPIPE, SIG_IGN);
	if (!quiet)
		cli_print_ranking(stdout, run, scheme, top);
	cli_print_rule_errors(stderr, run);
	if (profile)
		cli_print_costs(stderr, run);
	for (int k = 0; k < nout; k++) {
		if (ns_run_write_as(run, outs[k], fmts[k]) != NS_OK) {
			fprintf(stderr, "nianshen: cannot write %s\n", cli_safe(ns_errmsg(ctx)));
			rc = 3;
		} else if (!quiet) {
			printf("wrote %s\n", outs[k]);
		}
	}
	int worst = rc == NS_OK ? ns_run_worst(run) : NS_OUTCOME_ERRORS;
	/* The exit gives the run's memory back at once.  Freeing every report
	 * and result first took a fifth of the parent's time on 10,000
	 * reports: after the scorers' fork each page it writes to is a fault.
	 * A sanitizer build frees, so that a leak still shows. */
#if defined(__SANITIZE_ADDRESS__) || NS_HAS_ASAN
	ns_run_free(run);
	ns_scheme_free(scheme);
	ns_close(ctx);
#endif
	return worst;
}
