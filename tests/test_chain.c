/*
 * The hash chain on real bytes: rows chained, written, read back, and every
 * kind of edit after the fact found at the row where it happened.
 */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chain.h"

static const char header[] = "id,date,unit\n";
static const char *const rows[] = {"A2026-0001,2026-11-02,县市场监管局\n", "A2026-0002,2026-11-03,玉山镇\n",
				   "A2026-0003,2026-11-04,县司法局\n"};

struct bytes {
	const char *p;
	size_t n;
};

static size_t read_mem(void *ctx, uint64_t off, void *buf, size_t n)
{
	const struct bytes *b = ctx;
	if (off >= b->n)
		return 0;
	size_t got = b->n - off < n ? (size_t)(b->n - off) : n;
	memcpy(buf, b->p + off, got);
	return got;
}

/* The ledger's bytes and its chain, as ysh-add would have written them. */
static void chained(struct ysh_buf *ledger, struct ysh_chain *c, struct ysh_buf *file)
{
	memset(c, 0, sizeof(*c));
	size_t lens[4] = {strlen(header)};
	ysh_buf_adds(ledger, header);
	for (size_t i = 0; i < 3; i++) {
		lens[i + 1] = strlen(rows[i]);
		ysh_buf_adds(ledger, rows[i]);
	}
	ysh_chain_extend(c, 0, ledger->p, lens, 4, file);
}

static void verify(const struct ysh_chain *c, const char *bytes, size_t *first, size_t *later)
{
	struct bytes b = {bytes, strlen(bytes)};
	ysh_chain_verify(c, read_mem, &b, first, later);
}

static void test_round_trip(void **state)
{
	(void)state;
	struct ysh_buf ledger = {0}, file = {0};
	struct ysh_chain c;
	chained(&ledger, &c, &file);
	assert_int_equal(c.n, 4);
	assert_non_null(strstr(ysh_buf_str(&file), "ysh-chain 1 blake2b-256\n0 13 "));
	char path[] = "/tmp/ysh-chain-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, file.p, file.len), (ssize_t)file.len);
	close(fd);
	struct ysh_chain back;
	char *err = NULL;
	assert_int_equal(ysh_chain_load(path, &back, &err), 0);
	assert_true(back.present);
	assert_int_equal(back.n, 4);
	char h1[YSH_CHAIN_HEX + 1], h2[YSH_CHAIN_HEX + 1];
	ysh_chain_head_hex(&c, h1);
	ysh_chain_head_hex(&back, h2);
	assert_string_equal(h1, h2);
	size_t first, later;
	verify(&back, ysh_buf_str(&ledger), &first, &later);
	assert_int_equal(first, 4);
	assert_int_equal(later, 0);
	/* the same bytes chained again give the same head: it depends on nothing else */
	struct ysh_buf l2 = {0}, f2 = {0};
	struct ysh_chain c2;
	chained(&l2, &c2, &f2);
	ysh_chain_head_hex(&c2, h2);
	assert_string_equal(h1, h2);
	unlink(path);
	ysh_chain_free(&c);
	ysh_chain_free(&c2);
	ysh_chain_free(&back);
	ysh_buf_free(&ledger);
	ysh_buf_free(&file);
	ysh_buf_free(&l2);
	ysh_buf_free(&f2);
}

/* Edit in place, a deleted row, two rows swapped, a truncated file. */
static void test_edits_found_where_they_are(void **state)
{
	(void)state;
	struct ysh_buf ledger = {0}, file = {0};
	struct ysh_chain c;
	chained(&ledger, &c, &file);
	size_t first, later;
	char *s = ysh_xstrdup(ysh_buf_str(&ledger));
	/* one character of row 2 (玉山镇 -> 玉川镇): that row only */
	char *at = strstr(s, "玉山镇");
	memcpy(at, "玉川镇", strlen("玉川镇"));
	verify(&c, s, &first, &later);
	assert_int_equal(first, 2);
	assert_int_equal(later, 0);
	free(s);
	/* row 2 deleted: found there, the rows after it moved */
	struct ysh_buf del = {0};
	ysh_buf_adds(&del, header);
	ysh_buf_adds(&del, rows[0]);
	ysh_buf_adds(&del, rows[2]);
	verify(&c, ysh_buf_str(&del), &first, &later);
	assert_int_equal(first, 2);
	assert_int_equal(later, 1);
	/* rows 2 and 3 swapped */
	struct ysh_buf swp = {0};
	ysh_buf_adds(&swp, header);
	ysh_buf_adds(&swp, rows[0]);
	ysh_buf_adds(&swp, rows[2]);
	ysh_buf_adds(&swp, rows[1]);
	verify(&c, ysh_buf_str(&swp), &first, &later);
	assert_int_equal(first, 2);
	/* cut short */
	verify(&c, header, &first, &later);
	assert_int_equal(first, 1);
	assert_int_equal(later, 2);
	/* a row appended by hand is not the chain's business here: covers() says */
	size_t cursor = 0;
	assert_true(ysh_chain_covers(&c, 0, &cursor));
	assert_true(ysh_chain_covers(&c, strlen(header), &cursor));
	assert_false(ysh_chain_covers(&c, ledger.len, &cursor));
	ysh_chain_free(&c);
	ysh_buf_free(&ledger);
	ysh_buf_free(&file);
	ysh_buf_free(&del);
	ysh_buf_free(&swp);
}

/* A chain file holding text, at path (a mkstemp template). */
static void chain_file(char *path, const char *text)
{
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void test_bad_chain_files(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"not a chain\n",
		"ysh-chain 1 blake2b-256\n0 13 abc\n",
		"ysh-chain 1 blake2b-256\n0 0 " "0000000000000000000000000000000000000000000000000000000000000000\n",
		/* overlapping rows */
		"ysh-chain 1 blake2b-256\n0 13 0000000000000000000000000000000000000000000000000000000000000000\n"
		"5 10 0000000000000000000000000000000000000000000000000000000000000000\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char path[] = "/tmp/ysh-chain-XXXXXX";
		chain_file(path, bad[i]);
		struct ysh_chain c;
		char *err = NULL;
		assert_int_equal(ysh_chain_load(path, &c, &err), -1);
		assert_non_null(strstr(err, "not a line of a ysh hash chain"));
		free(err);
		unlink(path);
	}
	struct ysh_chain none;
	char *err = NULL;
	assert_int_equal(ysh_chain_load("/nonexistent/x.chain", &none, &err), 0);
	assert_false(none.present);
	assert_int_equal(none.n, 0);
}

/* An append reads only the chain's last line: what it gets is what reading
 * the whole chain gives of it (its last link, the size of its whole lines),
 * a cut last line included; a bad last line fails the same way. */
static void test_tail_load(void **state)
{
	(void)state;
	static const char Z[] = "0000000000000000000000000000000000000000000000000000000000000000";
	struct ysh_buf big = {0};
	ysh_buf_adds(&big, "ysh-chain 1 blake2b-256\n");
	for (int i = 0; i < 500; i++) /* past the 8 KiB the tail reads */
		ysh_buf_printf(&big, "%d 10 %.63s%d\n", i * 10, Z, i % 10);
	struct ysh_buf cut = {0};
	ysh_buf_add(&cut, big.p, big.len);
	ysh_buf_adds(&cut, "5000 10 00000");
	const char *const texts[] = {
		"", "ysh-chain 1 blake2b-256\n", "ysh-chain 1 blake", ysh_buf_str(&big), ysh_buf_str(&cut),
		"ysh-chain 1 blake2b-256\n0 13 0000000000000000000000000000000000000000000000000000000000000001\n",
		"ysh-chain 1 blake2b-256\n0 13 0000000000000000000000000000000000000000000000000000000000000001\nx\n",
		"not a chain\n0 13 0000000000000000000000000000000000000000000000000000000000000001\n",
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		char path[] = "/tmp/ysh-chain-XXXXXX";
		chain_file(path, texts[i]);
		struct ysh_chain all, tail;
		char *e1 = NULL, *e2 = NULL;
		int r1 = ysh_chain_load(path, &all, &e1), r2 = ysh_chain_load_tail(path, &tail, &e2);
		assert_int_equal(r1, r2);
		if (r1 == 0) {
			assert_int_equal(all.present, tail.present);
			assert_int_equal(all.size, tail.size);
			assert_int_equal(all.n > 0, tail.n > 0);
			if (all.n)
				assert_memory_equal(&all.v[all.n - 1], &tail.v[tail.n - 1], sizeof(all.v[0]));
		} else {
			assert_string_equal(e1, e2);
		}
		free(e1);
		free(e2);
		ysh_chain_free(&all);
		ysh_chain_free(&tail);
		unlink(path);
	}
	ysh_buf_free(&big);
	ysh_buf_free(&cut);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_edits_found_where_they_are),
		cmocka_unit_test(test_bad_chain_files),
		cmocka_unit_test(test_tail_load),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
