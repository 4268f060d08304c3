/*
 * readall.h - a county's ledgers read on the machine's cores (readall.c).
 */
#ifndef YSH_READALL_H
#define YSH_READALL_H

#include "ledger.h"

/* Reads every ledger of L (ysh_ledgers_read on each), on as many threads
 * as the machine has cores, never more than ledgers; one after another on
 * the calling thread when there is one core, the ledgers are small, the
 * options ask it (tables_in_turn) or the environment does
 * (YSH_READ_THREADS=1; =2 reads on threads whatever the size).  What
 * comes out is what the reads one after another would give: the same
 * tables, the same findings in the same order, and on an I/O error the
 * first ledger's (in the ledgers' order) in *err. */
void ysh_ledgers_read_all(struct ysh_ledgers *L, char **err);

#endif
