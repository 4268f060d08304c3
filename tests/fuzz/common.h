/*
 * common.h - what the fuzz harnesses share: a ledger directory made once
 * per process with the sample county's ysh.ini, and the schemas found
 * through YSH_SCHEMA_DIR.
 */
#ifndef YSH_FUZZ_COMMON_H
#define YSH_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* The directory (created on first use, removed at exit). */
const char *fuzz_dir(void);
/* Write bytes to a file of the directory. */
void fuzz_write(const char *name, const void *data, size_t n);

#endif
