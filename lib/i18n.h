/*
 * i18n.h - message catalogue hooks.  Every user-facing string goes through
 * _() so a zh_CN catalogue can follow; rule codes and JSON keys never do.
 */
#ifndef YSH_I18N_H
#define YSH_I18N_H

#include <libintl.h>

#define YSH_TEXTDOMAIN "ysh"
#define _(s) dgettext(YSH_TEXTDOMAIN, s)
#define N_(s) (s)

#endif
