/*
 * xlsxload.c - ysh_doc_render_xlsx and ysh_template_write through the xlsx
 * module, loaded on the first workbook asked for (xlsxmod.h says why).
 */
#define _GNU_SOURCE /* dladdr */
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "template.h"
#include "util.h"
#include "xlsxmod.h"

#ifndef YSH_MODULEDIR
#define YSH_MODULEDIR "/usr/local/lib/ysh"
#endif

static pthread_once_t loaded = PTHREAD_ONCE_INIT;
static const struct ysh_xlsx_module *module;
static char *load_error;

/* Where the module is: $YSH_MODULE_DIR, else "ysh" in the directory this
 * libysh was loaded from (the build tree's lib/ or the installed LIBDIR),
 * else the compiled-in directory.  Beside the library, not beside the
 * command: a module of another build would not match its functions. */
static void module_path(char *buf, size_t size)
{
	const char *env = getenv("YSH_MODULE_DIR");
	if (env && *env) {
		snprintf(buf, size, "%s/%s", env, YSH_XLSX_MODULE_FILE);
		return;
	}
	Dl_info info;
	const char *slash;
	if (dladdr((void *)&module_path, &info) && info.dli_fname && (slash = strrchr(info.dli_fname, '/')) &&
	    (size_t)snprintf(buf, size, "%.*s/ysh/%s", (int)(slash - info.dli_fname), info.dli_fname,
			     YSH_XLSX_MODULE_FILE) < size)
		return;
	snprintf(buf, size, "%s/%s", YSH_MODULEDIR, YSH_XLSX_MODULE_FILE);
}

static void load_module(void)
{
	char path[PATH_MAX];
	module_path(path, sizeof(path));
	/* RTLD_LOCAL: libxlsxwriter's names stay out of everyone else's way */
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		load_error = ysh_xasprintf(_("cannot write xlsx: the xlsx module could not be loaded: %s"), dlerror());
		return;
	}
	const struct ysh_xlsx_module *m = dlsym(h, YSH_XLSX_MODULE_SYMBOL);
	if (!m || m->abi != YSH_XLSX_MODULE_ABI) {
		load_error = ysh_xasprintf(_("cannot write xlsx: %s is not this ysh's xlsx module (it is %s's)"), path,
					   m ? m->version : "?");
		dlclose(h);
		return;
	}
	module = m;
}

/* At exit: the message of a module that would not load given back (the
 * module itself stays mapped to the end, as a linked library does; the
 * loader's own records of it are suppressed in tests/valgrind.supp). */
__attribute__((destructor)) static void forget_load_error(void)
{
	free(load_error);
	load_error = NULL;
}

/* The module, or NULL with *err. */
static const struct ysh_xlsx_module *xlsx_module(char **err)
{
	pthread_once(&loaded, load_module);
	if (!module)
		*err = ysh_xstrdup(load_error);
	return module;
}

int ysh_doc_render_xlsx(FILE *out, const struct ysh_doc *d, const struct ysh_xlsx_doc_opts *o, char **err)
{
	const struct ysh_xlsx_module *m = xlsx_module(err);
	return m ? m->render_doc(out, d, o, err) : -1;
}

int ysh_template_write(const struct ysh_ledgers *L, const struct ysh_schema *s, FILE *out, char **err)
{
	const struct ysh_xlsx_module *m = xlsx_module(err);
	return m ? m->write_template(L, s, out, err) : -1;
}
