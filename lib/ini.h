/*
 * ini.h - the one place that talks to iniparser.  iniparser reports syntax
 * errors through a global printf-like callback; we catch them so that the
 * library never prints and the caller gets a message naming the file and
 * line.
 */
#ifndef YSH_INI_H
#define YSH_INI_H

#include <iniparser/iniparser.h>
#include <stddef.h>

/* NULL on error, with *err set (caller frees). */
dictionary *ysh_ini_load(const char *path, char **err);
/* Line of `key` in `section` of the file (1-based), 0 if not found. */
size_t ysh_ini_line_of(const char *path, const char *section, const char *key);
/* The keys of a section without the "section:" prefix, in file order.
 * Caller frees the array (not the strings, which belong to d). */
const char **ysh_ini_keys(dictionary *d, const char *section, size_t *n);

#endif
