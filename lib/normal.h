/*
 * normal.h - what clerks type, as the ledgers write it.
 *
 * Input (ysh-add's key=value words, its prompts, --batch) comes from Excel,
 * WPS and Chinese input methods: 2026/11/3, 2026年11月3日, full-width digits,
 * 1,000元, 138-1234-5678, a full-width space after a unit's name.  Each cell
 * of input goes through the normaliser of its column's type before any rule
 * judges it, so that the ledger gets the canonical form (2026-11-03, 1000,
 * 13812345678).  Ledgers themselves are never normalised: ysh-check reads
 * them as strictly as ever.
 */
#ifndef YSH_NORMAL_H
#define YSH_NORMAL_H

#include <stdbool.h>

#include "schema.h"
#include "util.h"

/*
 * Normalises one value (one item of a list) of the given type into *out
 * (reset first).  Surrounding spaces, ASCII and full-width (U+3000), are
 * trimmed from every type; the full-width forms U+FF01..U+FF5E become ASCII
 * in every type but free text and units; then the type's own forms are
 * recognised.  Returns true when *out is the canonical form, false when the
 * value is none of the forms the type accepts: *out is then the value
 * trimmed (and folded), for the rules to refuse and quote.
 */
bool ysh_normalise(enum ysh_type type, const char *in, struct ysh_buf *out);

#endif
