/*
 * add-prompt.h - ysh-add's questions on a terminal (see add-prompt.c).
 */
#ifndef YSH_ADD_PROMPT_H
#define YSH_ADD_PROMPT_H

#include "add.h"

/* Asks for every field a new record needs that r lacks, then shows the
 * record and asks for a confirmation.  0: write it; -1: the clerk stopped
 * (Ctrl-D, or 否). */
int ysh_prompt_record(struct ysh_ledgers *L, struct ysh_table *t, struct ysh_add_row *r, ysh_day today);
/* Asks one field again (after a refusal at write time). */
int ysh_prompt_again(struct ysh_ledgers *L, struct ysh_table *t, struct ysh_add_row *r, ysh_day today,
		     size_t col);

#endif
