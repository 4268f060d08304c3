/*
 * suggest.h - "did you mean": the allowed value (a unit of ysh.ini, an enum
 * value, a step) nearest to one that was refused, for the refusal's message.
 */
#ifndef YSH_SUGGEST_H
#define YSH_SUGGEST_H

#include <stddef.h>

/*
 * The value of vals[0..n) that `typed` most likely meant, or NULL: one that
 * contains what was typed or is contained in it (a unit's name without its
 * 县, an enum value with a stray word), else the nearest by edit distance
 * over Unicode code points, when it is near enough to be a slip (one edit in
 * a short name, about one in four in a long one).
 */
const char *ysh_suggest(const char *typed, char *const *vals, size_t n);

#endif
