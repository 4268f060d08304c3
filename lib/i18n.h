/*
 * i18n.h - message catalogue hooks.  Every user-facing string goes through
 * _() (or P_() when it prints a count with a noun) so the zh_CN catalogue in
 * po/ can translate it; rule codes, JSON keys, column and option names never
 * do.  N_() only marks a string for xgettext: it is translated where it is
 * displayed.  The domain is named on every call (dgettext) because libysh is
 * a library: it must not depend on the program having called textdomain().
 */
#ifndef YSH_I18N_H
#define YSH_I18N_H

#include <libintl.h>

#define YSH_TEXTDOMAIN "ysh"
#define _(s) dgettext(YSH_TEXTDOMAIN, s)
#define N_(s) (s)
/* Singular or plural for the count n; po/make-pot.sh knows it as P_:1,2. */
#define P_(s, p, n) dngettext(YSH_TEXTDOMAIN, s, p, (unsigned long)(n))

#endif
