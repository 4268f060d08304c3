/* cols.c - binding the known ledgers and columns of cols.h. */
#include "cols.h"

#include "ledger.h"

static const char *const ledger_names[YSH_L_COUNT] = {
#define YSH_LEDGER_NAME(id, name, cols) [YSH_L_##id] = #name,
	YSH_LEDGER_LIST(YSH_LEDGER_NAME)
#undef YSH_LEDGER_NAME
};

const char *ysh_ledger_name(enum ysh_ledger_id id)
{
	return ledger_names[id];
}

static int col_in(const struct ysh_table *t, const char *name)
{
	return t ? ysh_schema_col(t->schema, name) : -1;
}

void ysh_cols_bind(struct ysh_cols *k, struct ysh_ledgers *L)
{
#define YSH_BIND_COL(col) c->col = col_in(c->t, #col);
#define YSH_BIND_LEDGER(id, name, cols)                                                                 \
	{                                                                                               \
		struct ysh_cols_##name *c = &k->name;                                                   \
		c->t = k->table[YSH_L_##id] = ysh_ledgers_table(L, #name);                              \
		cols(YSH_BIND_COL)                                                                      \
	}
	YSH_LEDGER_LIST(YSH_BIND_LEDGER)
#undef YSH_BIND_LEDGER
#undef YSH_BIND_COL
}
