/*
 * csvprobe - the yardstick of bench/run.sh: libcsv alone over the files
 * named, in the 64 KiB chunks ysh reads, counting fields and records.  What
 * ysh-check does beyond this (line tracking, byte checks, rules) is what
 * the ratios in bench/README.md measure.  Not installed.
 */
#include <csv.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

struct counts {
	unsigned long long fields, records;
};

static void on_field(void *s, size_t len, void *ctx)
{
	(void)s;
	(void)len;
	((struct counts *)ctx)->fields++;
}

static void on_record(int c, void *ctx)
{
	(void)c;
	((struct counts *)ctx)->records++;
}

static int probe(const char *path, struct counts *n)
{
	static char buf[64 * 1024];
	struct csv_parser p;
	int fd = open(path, O_RDONLY);
	if (fd < 0 || csv_init(&p, CSV_STRICT | CSV_APPEND_NULL) != 0) {
		perror(path);
		return 1;
	}
	ssize_t got;
	while ((got = read(fd, buf, sizeof(buf))) > 0)
		if (csv_parse(&p, buf, (size_t)got, on_field, on_record, n) != (size_t)got)
			fprintf(stderr, "%s: %s\n", path, csv_strerror(csv_error(&p)));
	csv_fini(&p, on_field, on_record, n);
	csv_free(&p);
	close(fd);
	return got < 0;
}

int main(int argc, char **argv)
{
	struct counts n = {0, 0};
	int rc = 0;
	for (int i = 1; i < argc; i++)
		rc |= probe(argv[i], &n);
	printf("%llu records, %llu fields\n", n.records, n.fields);
	return rc;
}
