/* GBK/GB18030 input made UTF-8 as it streams (encoding.h): detection,
 * characters cut by chunk boundaries, errors with their offsets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "encoding.h"

/* 县司法局 in GBK, and in UTF-8 */
#define GBK_UNIT "\xcf\xd8\xcb\xbe\xb7\xa8\xbe\xd6"
#define UTF8_UNIT "县司法局"

/* Feeds in in chunks of `step` bytes; returns 0 or -1 (with *err). */
static int decode(enum ysh_encoding e, const char *in, size_t n, size_t step, struct ysh_buf *out,
		  enum ysh_encoding *as, char **err)
{
	struct ysh_decoder *d = ysh_decoder_new(e);
	ysh_buf_reset(out);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i += step)
		rc = ysh_decoder_feed(d, in + i, n - i < step ? n - i : step, false, out, err);
	if (rc == 0)
		rc = ysh_decoder_feed(d, "", 0, true, out, err);
	*as = ysh_decoder_encoding(d);
	ysh_decoder_free(d);
	ysh_buf_str(out);
	return rc;
}

static void test_detects_gbk_at_any_chunking(void **state)
{
	(void)state;
	const char in[] = "unit,item\r\n" GBK_UNIT ",a\r\n";
	struct ysh_buf out = {0};
	enum ysh_encoding as;
	char *err = NULL;
	for (size_t step = 1; step <= sizeof(in); step++) {
		assert_int_equal(decode(YSH_ENC_AUTO, in, sizeof(in) - 1, step, &out, &as, &err), 0);
		assert_string_equal(out.p, "unit,item\r\n" UTF8_UNIT ",a\r\n");
		assert_int_equal(as, YSH_ENC_GB18030);
	}
	ysh_buf_free(&out);
}

static void test_utf8_passes_through(void **state)
{
	(void)state;
	const char *ins[] = {"unit\n" UTF8_UNIT "\n", "\xef\xbb\xbfunit\n" UTF8_UNIT "\n", "ascii only\n"};
	const enum ysh_encoding want[] = {YSH_ENC_UTF8, YSH_ENC_UTF8, YSH_ENC_AUTO};
	struct ysh_buf out = {0};
	enum ysh_encoding as;
	char *err = NULL;
	for (size_t i = 0; i < 3; i++)
		for (size_t step = 1; step < 8; step++) {
			assert_int_equal(decode(YSH_ENC_AUTO, ins[i], strlen(ins[i]), step, &out, &as, &err), 0);
			assert_string_equal(out.p, ins[i]);
			assert_int_equal(as, want[i]);
		}
	/* named UTF-8: invalid bytes are left for the CSV reader to report */
	assert_int_equal(decode(YSH_ENC_UTF8, GBK_UNIT, 8, 3, &out, &as, &err), 0);
	assert_memory_equal(out.p, GBK_UNIT, 8);
	ysh_buf_free(&out);
}

/* A long ASCII start (past any chunk) does not decide: the first other
 * byte does. */
static void test_long_ascii_prefix(void **state)
{
	(void)state;
	size_t n = 200000;
	char *in = malloc(n + 16);
	memset(in, 'a', n);
	memcpy(in + n, GBK_UNIT "\n", 9);
	struct ysh_buf out = {0};
	enum ysh_encoding as;
	char *err = NULL;
	assert_int_equal(decode(YSH_ENC_AUTO, in, n + 9, 65536, &out, &as, &err), 0);
	assert_int_equal(as, YSH_ENC_GB18030);
	assert_int_equal(out.len, n + strlen(UTF8_UNIT) + 1);
	assert_string_equal(out.p + n, UTF8_UNIT "\n");
	free(in);
	ysh_buf_free(&out);
}

static void test_errors(void **state)
{
	(void)state;
	struct ysh_buf out = {0};
	enum ysh_encoding as;
	char *err = NULL;
	/* 0x81 0x20 is no GBK character: named with its offset */
	assert_int_equal(decode(YSH_ENC_GBK, "ab\x81\x20", 4, 64, &out, &as, &err), -1);
	assert_non_null(strstr(err, "0x81 at offset 2 is not GBK"));
	free(err);
	assert_int_equal(decode(YSH_ENC_AUTO, "abc\n\x81\x20", 6, 2, &out, &as, &err), -1);
	assert_non_null(strstr(err, "offset 4 is not GB18030"));
	free(err);
	/* a character cut by the end of the input */
	assert_int_equal(decode(YSH_ENC_GBK, "a\xcf", 2, 1, &out, &as, &err), -1);
	assert_non_null(strstr(err, "offset 1"));
	free(err);
	assert_int_equal(decode(YSH_ENC_AUTO, "\xff\xfe" "a\0", 4, 4, &out, &as, &err), -1);
	assert_non_null(strstr(err, "UTF-16"));
	free(err);
	ysh_buf_free(&out);
}

static void test_names_and_codesets(void **state)
{
	(void)state;
	enum ysh_encoding e;
	assert_true(ysh_encoding_parse("UTF-8", &e) && e == YSH_ENC_UTF8);
	assert_true(ysh_encoding_parse("utf8", &e) && e == YSH_ENC_UTF8);
	assert_true(ysh_encoding_parse("GBK", &e) && e == YSH_ENC_GBK);
	assert_true(ysh_encoding_parse("cp936", &e) && e == YSH_ENC_GBK);
	assert_true(ysh_encoding_parse("gb18030", &e) && e == YSH_ENC_GB18030);
	assert_false(ysh_encoding_parse("big5", &e));
	assert_false(ysh_encoding_parse("", &e));
	assert_false(ysh_codeset_converts("UTF-8"));
	assert_false(ysh_codeset_converts("ANSI_X3.4-1968"));
	assert_false(ysh_codeset_converts(NULL));
	assert_true(ysh_codeset_converts("GBK"));
	char *u = ysh_to_utf8("unit=" GBK_UNIT, "GBK");
	assert_string_equal(u, "unit=" UTF8_UNIT);
	free(u);
	assert_null(ysh_to_utf8("\x81\x20", "GBK"));
	assert_null(ysh_to_utf8("x", "NO-SUCH-CHARSET"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detects_gbk_at_any_chunking),
		cmocka_unit_test(test_utf8_passes_through),
		cmocka_unit_test(test_long_ascii_prefix),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_names_and_codesets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
