/*
 * verify.h - does a report still describe today's ledgers?
 *
 * Every report prints, per ledger, the number of rows its hash chain covered
 * and the chain's head (台账校验码).  A report kept on paper or on disk can
 * then be held against the ledgers months later: they must still hold those
 * rows, byte for byte, and their chain must still lead to that head.
 */
#ifndef YSH_VERIFY_H
#define YSH_VERIFY_H

#include <stddef.h>

#include "ledger.h"
#include "util.h"

/* Reads the digests out of a report in any format (text, md, csv, json) and
 * judges each against L (its ledgers read): one line of `out` per ledger.
 * Returns how many differ, or -1 when the text holds no digest. */
int ysh_verify_report(struct ysh_ledgers *L, const char *text, size_t n, struct ysh_buf *out);

#endif
